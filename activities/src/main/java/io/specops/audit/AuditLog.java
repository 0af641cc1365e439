package io.specops.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The audit log: one JSON object per line, snake_case as in the seeds, in {@code
 * <dir>/YYYY-MM-DD/multi-service.log} (UTC date of the record), so {@code jq '.service'} works.
 * Appends are locked, so several workers may share a directory. Fields that could carry secrets are
 * removed before writing.
 */
public final class AuditLog {
  public static final String FILE_NAME = "multi-service.log";
  private static final Set<String> SECRET_FIELDS =
      Set.of("webhook_url", "token", "password", "authorization", "secret", "api_key", "bearer");

  private final Path directory;
  private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
  private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();
  private boolean file = true;
  private LocalDate idsDate;
  private WrittenIds ids;

  public AuditLog(Path directory) {
    this.directory = directory;
  }

  /** Another place records go (stdout, PostgreSQL, Kubernetes Events), after the file. */
  public AuditLog withSink(AuditSink sink) {
    sinks.add(sink);
    return this;
  }

  /** No file: only the other sinks (a worker whose disk is ephemeral). */
  public AuditLog withoutFile() {
    file = false;
    return this;
  }

  public List<AuditSink> sinks() {
    return List.copyOf(sinks);
  }

  /** The trail's records that match: from PostgreSQL when it is a sink, else from the files. */
  public List<JsonNode> query(AuditQuery q) {
    for (AuditSink sink : sinks) {
      if (sink instanceof PostgresAuditSink postgres) {
        return postgres.query(q);
      }
    }
    // the newest `limit` matches: older ones drop off the front as newer ones come
    ArrayDeque<JsonNode> out = new ArrayDeque<>();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (LocalDate d = LocalDate.ofInstant(q.since(), ZoneOffset.UTC);
        !d.isAfter(today);
        d = d.plusDays(1)) {
      // by time, as PostgreSQL orders them: a file holds records in the order they were written,
      // and a watched service's decision is written with its operation's first step, after records
      // stamped later (a stable sort keeps a batch's order)
      List<Stamped> day =
          read(d).stream()
              .filter(q::matches)
              .map(r -> new Stamped(Instant.parse(r.path("timestamp").asText()), r))
              .sorted(Comparator.comparing(Stamped::at))
              .toList();
      for (Stamped stamped : day) {
        JsonNode r = stamped.record();
        if (out.size() == q.limit()) {
          out.removeFirst();
        }
        out.addLast(r);
      }
    }
    return List.copyOf(out);
  }

  /** A record with its timestamp parsed once, for sorting. */
  private record Stamped(Instant at, JsonNode record) {}

  /** Called with every record after it is written (the worker's metrics count them). */
  public AuditLog onRecord(Consumer<JsonNode> listener) {
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
    List<ObjectNode> lines = new ArrayList<>();
    List<ObjectNode> written = new ArrayList<>();
    LocalDate date = null;
    for (AuditEntry entry : entries) {
      LocalDate entryDate = LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC);
      if (file && date != null && !date.equals(entryDate)) {
        write(date, lines);
        lines.clear();
      }
      date = entryDate;
      ObjectNode line = line(entry);
      written.add(line);
      lines.add(line);
    }
    if (file) {
      write(date, lines);
    }
    for (AuditSink sink : sinks) {
      sink.write(written);
    }
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
    line.put("record_id", "");
    line.put("record_type", entry.recordType());
    // to the millisecond, as the workflow's clock gives it: an activity's clock has nanoseconds,
    // and one trail should not mix the two formats
    line.put("timestamp", entry.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
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
    if (entry.namespace() != null && !line.has("namespace")) {
      line.put("namespace", entry.namespace());
    }
    redact(line);
    line.put("record_id", entry.recordId() != null ? entry.recordId() : derivedId(line));
    return line;
  }

  /**
   * The id of a record written outside workflow code (an evaluation's decision and governance): its
   * decision id and type when it has one (an evaluation decides once), else a digest of its
   * content. Either way a retried write gives the same id.
   */
  static String derivedId(ObjectNode line) {
    String type = line.path("record_type").asText();
    if (line.hasNonNull("decision_id") && (type.equals("decision") || type.equals("governance"))) {
      return line.get("decision_id").asText() + "/" + type;
    }
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(Json.write(line).getBytes(StandardCharsets.UTF_8));
      return type + "/" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(SECRET_FIELDS);
      object.elements().forEachRemaining(AuditLog::redact);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(AuditLog::redact);
    }
  }

  /**
   * Appends the lines whose record ids the file does not hold yet: a retried batch's records are
   * there already when its first attempt completed on the server and the completion was lost with
   * the worker (before, the file then held them twice; PostgreSQL never did).
   */
  private void write(LocalDate date, List<ObjectNode> lines) {
    Path file = fileFor(date);
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        // at the end, under the lock every writer takes (APPEND cannot be opened for reading)
        WrittenIds ids = writtenIds(date);
        StringBuilder out = new StringBuilder();
        List<String> appended = new ArrayList<>();
        for (ObjectNode line : lines) {
          String id = line.path("record_id").asText();
          if (!ids.contains(channel, id) && !appended.contains(id)) {
            out.append(Json.write(line)).append('\n');
            appended.add(id);
          }
        }
        if (appended.isEmpty()) {
          return;
        }
        long end = channel.size();
        if (endsCutShort(channel, end)) {
          // a killed worker's half line: end it, or this batch's first record would join it and be
          // unreadable too
          out.insert(0, '\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          end += channel.write(bytes, end);
        }
        for (String id : appended) {
          ids.written(id, end);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot append to the audit log " + file + ": " + e.getMessage(), e);
    }
  }

  /** The ids a day's file holds; only the newest day's are kept (records come in time order). */
  private WrittenIds writtenIds(LocalDate date) {
    if (!date.equals(idsDate)) {
      if (idsDate != null && date.isBefore(idsDate)) {
        return new WrittenIds(); // a late record for an earlier day: read its file afresh
      }
      idsDate = date;
      ids = new WrittenIds();
    }
    return ids;
  }

  private static boolean endsCutShort(FileChannel channel, long size) throws IOException {
    if (size == 0) {
      return false;
    }
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) != '\n';
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
          try {
            out.add(Json.mapper().readTree(line));
          } catch (JsonProcessingException cutShort) {
            // a line a killed worker left half-written: its batch was retried whole, so nothing is
            // lost
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
