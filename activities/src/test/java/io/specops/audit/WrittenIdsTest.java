package io.specops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record ids an audit file holds, read from its end and then from where the last read ended.
 */
class WrittenIdsTest {
  @TempDir Path dir;

  /**
   * A file first seen is read from its last bytes, starting at the first whole line in them; the
   * lines appended after that (by any writer) are read on the next look; a file cut or replaced is
   * read afresh.
   */
  @Test
  void aFileIsReadFromItsEndAndThenFromWhereTheLastReadEnded() throws Exception {
    Path file = dir.resolve("multi-service.log");
    String first = "{\"record_id\":\"old-1\",\"service\":\"web\"}\n";
    String second = "{\"record_id\":\"old-2\",\"service\":\"web\"}\n";
    Files.writeString(file, first + second);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      // the window starts inside the first line: that line is not read as a record
      WrittenIds narrow = new WrittenIds(second.length() + 5);
      assertThat(narrow.contains(channel, "old-2")).isTrue();
      assertThat(narrow.contains(channel, "old-1")).isFalse();
      // a window that starts exactly on a line: that line is read
      WrittenIds onALine = new WrittenIds(second.length());
      assertThat(onALine.contains(channel, "old-2")).isTrue();
      assertThat(onALine.contains(channel, "old-1")).isFalse();

      WrittenIds ids = new WrittenIds(1 << 20);
      assertThat(ids.contains(channel, "old-1")).isTrue();
      Files.writeString(
          file,
          """
          {"record_id":"new-1","nested":{"record_id":"not-a-record"}}
          ["record_id","an-array"]
          {"service":"web","record_id":"not-first"}
          """,
          StandardOpenOption.APPEND);
      assertThat(ids.contains(channel, "new-1")).as("appended by another writer").isTrue();
      assertThat(ids.contains(channel, "not-a-record")).isFalse();
      assertThat(ids.contains(channel, "an-array")).isFalse();
      assertThat(ids.contains(channel, "not-first")).isFalse();
      // more appended since the last look than a first look reads: only its newest bytes
      Files.writeString(file, "{\"record_id\":\"beyond\"}\n" + second, StandardOpenOption.APPEND);
      assertThat(narrow.contains(channel, "old-2")).isTrue();
      assertThat(narrow.contains(channel, "beyond")).isFalse();

      Files.writeString(file, "{\"record_id\":\"fresh\"}\n");
      assertThat(ids.contains(channel, "fresh")).as("the file replaced").isTrue();
      assertThat(ids.contains(channel, "old-2")).isFalse();
    }
  }
}
