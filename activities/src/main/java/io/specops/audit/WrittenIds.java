package io.specops.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The record ids one audit file already holds, so that a retried batch (its activity completed but
 * the completion was lost with the worker) is not written twice: the file then holds each record
 * once, as PostgreSQL does. Read under the writers' lock, from where the last read ended, so the
 * lines every other writer of the file appended are counted too; a file first seen is read from its
 * last {@link #FIRST_READ} bytes (a retry comes within minutes of the write it repeats). The newest
 * {@link #KEPT} ids are kept.
 */
final class WrittenIds {
  static final long FIRST_READ = 8L << 20;
  static final int KEPT = 200_000;
  private static final JsonFactory JSON = new JsonFactory();

  private final LinkedHashSet<String> ids = new LinkedHashSet<>();
  private final long firstRead;
  private long readTo = -1;

  WrittenIds() {
    this(FIRST_READ);
  }

  /** Reading a file first seen from its last {@code firstRead} bytes. */
  WrittenIds(long firstRead) {
    this.firstRead = firstRead;
  }

  /** Whether the file holds a line with this id, after reading what was appended to it since. */
  boolean contains(FileChannel channel, String id) throws IOException {
    catchUp(channel);
    return ids.contains(id);
  }

  /** Counts a line this writer has just appended, ending at {@code end}. */
  void written(String id, long end) {
    add(id);
    readTo = end;
  }

  private void catchUp(FileChannel channel) throws IOException {
    long size = channel.size();
    if (readTo > size) {
      // the file was replaced or cut: what was read is not in it any more
      ids.clear();
      readTo = -1;
    }
    // a first look, or more appended since the last than a first look reads: the newest bytes
    boolean window = readTo < 0 || size - readTo > firstRead;
    long from = window ? Math.max(0, size - firstRead) : readTo;
    if (from >= size) {
      readTo = size;
      return;
    }
    boolean midFile = window && from > 0;
    if (midFile) {
      from--; // the byte before: whether the window starts a line
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) (size - from));
    while (bytes.hasRemaining() && channel.read(bytes, from + bytes.position()) > 0) {}
    byte[] read = bytes.array();
    int start = 0;
    if (midFile) {
      // start at the first whole line: after the first newline (the byte before, if it is one)
      while (start < read.length && read[start] != '\n') {
        start++;
      }
      start++;
    }
    int lineStart = start;
    for (int i = start; i < read.length; i++) {
      if (read[i] == '\n') {
        idOf(read, lineStart, i - lineStart);
        lineStart = i + 1;
      }
    }
    // a last line without its newline is a killed writer's half line: no record, and the next
    // writer ends it before appending
    readTo = size;
  }

  /**
   * The line's record_id, its first field as {@code AuditLog} writes it; none unless the whole line
   * is one JSON object: a half line cut after its id is not the record, and its retry must be
   * written.
   */
  private void idOf(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT
          || parser.nextToken() != JsonToken.FIELD_NAME
          || !"record_id".equals(parser.currentName())
          || parser.nextToken() != JsonToken.VALUE_STRING) {
        return;
      }
      String id = parser.getText();
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
        if (t == null) {
          return; // cut short
        }
        parser.skipChildren();
      }
      if (parser.nextToken() == null) {
        add(id);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException cut) {
      // not a record (a half line ended by the next writer's newline)
    }
  }

  private void add(String id) {
    ids.remove(id);
    ids.add(id);
    if (ids.size() > KEPT) {
      Iterator<String> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
  }
}
