package io.specops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.specops.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The audit log: one JSON object per line, snake_case as in the seeds, in
 * {@code <dir>/YYYY-MM-DD/multi-service.log} (UTC date of the record), so
 * {@code jq '.service'} works. Appends are locked, so several workers may share a directory.
 * Fields that could carry secrets are removed before writing.
 */
public final class AuditLog {
  public static final String FILE_NAME = "multi-service.log";
  private static final Set<String> SECRET_FIELDS =
      Set.of("webhook_url", "token", "password", "authorization", "secret", "api_key", "bearer");

  private final Path directory;
  private final List<java.util.function.Consumer<JsonNode>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public AuditLog(Path directory) {
    this.directory = directory;
  }

  /** Called with every record after it is written (the worker's metrics count them). */
  public AuditLog onRecord(java.util.function.Consumer<JsonNode> listener) {
    listeners.add(listener);
    return this;
  }

  public Path directory() {
    return directory;
  }

  public Path fileFor(LocalDate date) {
    return directory.resolve(date.toString()).resolve(FILE_NAME);
  }

  public synchronized void append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    List<JsonNode> written = new ArrayList<>();
    LocalDate date = null;
    for (AuditEntry entry : entries) {
      LocalDate entryDate = LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC);
      if (date != null && !date.equals(entryDate)) {
        write(date, lines);
        lines.clear();
      }
      date = entryDate;
      ObjectNode line = line(entry);
      written.add(line);
      lines.add(Json.write(line));
    }
    write(date, lines);
    for (JsonNode line : written) {
      for (var listener : listeners) {
        try {
          listener.accept(line);
        } catch (RuntimeException e) {
          // a listener's fault never loses a record or fails the activity
        }
      }
    }
  }

  /** The line an entry becomes: record_type, timestamp, service, then the record's own fields. */
  static String render(AuditEntry entry) {
    return Json.write(line(entry));
  }

  private static ObjectNode line(AuditEntry entry) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("record_type", entry.recordType());
    line.put("timestamp", entry.timestamp().toString());
    line.put("service", entry.service());
    JsonNode body = Json.mapper().valueToTree(entry.body());
    if (body instanceof ObjectNode fields) {
      for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!line.has(name) || "service".equals(name)) {
          line.set(name, fields.get(name));
        }
      }
    } else if (body != null && !body.isNull()) {
      line.set("record", body);
    }
    redact(line);
    return line;
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(SECRET_FIELDS);
      object.elements().forEachRemaining(AuditLog::redact);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(AuditLog::redact);
    }
  }

  private void write(LocalDate date, List<String> lines) {
    Path file = fileFor(date);
    try {
      Files.createDirectories(file.getParent());
      StringBuilder out = new StringBuilder();
      for (String line : lines) {
        out.append(line).append('\n');
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND); FileLock ignored = channel.lock()) {
        ByteBuffer bytes = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads back every record of a day (for the demo, tests and the CLI). */
  public List<JsonNode> read(LocalDate date) {
    Path file = fileFor(date);
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          out.add(Json.mapper().readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
