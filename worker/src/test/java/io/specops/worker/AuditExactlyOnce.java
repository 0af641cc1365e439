package io.specops.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.specops.json.Json;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Issue 17's check, after a crash drill: the audit records every workflow history carries (the
 * inputs of its audit, scale and verification activities, ids made in workflow code) against the
 * PostgreSQL table and the files. Every record of a completed activity is in the table exactly
 * once; no record is in the table twice under different ids; the file's repeated lines are exactly
 * the ones whose ids repeat, each a copy of the first.
 */
record AuditExactlyOnce(
    int executions,
    int recordsInHistories,
    int recordsOfCompletedActivities,
    int rows,
    List<String> missingFromTable,
    List<String> notInAnyHistory,
    List<String> sameRecordUnderTwoIds,
    int fileLines,
    int fileRepeats,
    List<String> repeatsThatDiffer,
    List<String> inFileNotInTable,
    List<String> inTableNotInFile) {

  String table() {
    StringBuilder out = new StringBuilder("audit trail against the histories\n");
    row(out, "workflow runs read", executions);
    row(out, "records in their activities' inputs", recordsInHistories);
    row(out, "  of activities that completed", recordsOfCompletedActivities);
    row(out, "rows in PostgreSQL", rows);
    row(out, "completed records missing from PostgreSQL", missingFromTable.size());
    row(out, "workflow records in PostgreSQL not in any history", notInAnyHistory.size());
    row(out, "records in PostgreSQL twice under different ids", sameRecordUnderTwoIds.size());
    row(out, "file lines", fileLines);
    row(out, "file lines repeating a record id (retried batch)", fileRepeats);
    row(out, "  of those, not a copy of the first", repeatsThatDiffer.size());
    row(out, "record ids in the file, not in PostgreSQL", inFileNotInTable.size());
    row(out, "record ids in PostgreSQL, not in the file", inTableNotInFile.size());
    return out.toString();
  }

  private static void row(StringBuilder out, String what, Object value) {
    out.append(String.format("  %-56s %8s%n", what, value));
  }

  static AuditExactlyOnce check(WorkflowClient client, PostgresServer pg, Path auditDir)
      throws Exception {
    Set<String> inHistories = new HashSet<>();
    Set<String> completed = new HashSet<>();
    List<WorkflowExecutionMetadata> runs;
    try (Stream<WorkflowExecutionMetadata> listed = client.listExecutions("")) {
      runs = listed.filter(m -> m.getExecution().getWorkflowId().startsWith("specops-")).toList();
    }
    for (WorkflowExecutionMetadata run : runs) {
      Map<Long, Set<String>> scheduled = new HashMap<>();
      for (HistoryEvent e :
          client
              .fetchHistory(run.getExecution().getWorkflowId(), run.getExecution().getRunId())
              .getEvents()) {
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
          Set<String> ids = new HashSet<>();
          for (Payload p :
              e.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList()) {
            collectIds(Json.mapper().readTree(p.getData().toStringUtf8()), ids);
          }
          inHistories.addAll(ids);
          scheduled.put(e.getEventId(), ids);
        } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
          completed.addAll(
              scheduled.getOrDefault(
                  e.getActivityTaskCompletedEventAttributes().getScheduledEventId(), Set.of()));
        }
      }
    }

    Map<String, JsonNode> table = table(pg);
    List<String> missing =
        new TreeSet<>(completed).stream().filter(id -> !table.containsKey(id)).toList();
    List<String> stray =
        table.keySet().stream()
            .filter(id -> id.startsWith("specops-") && !inHistories.contains(id))
            .sorted()
            .toList();
    // the same record (all but its id) under two ids: a replay or retry that named it anew
    Map<String, String> byContent = new HashMap<>();
    List<String> twice = new ArrayList<>();
    for (var row : table.entrySet()) {
      ObjectNode content = ((ObjectNode) row.getValue()).deepCopy();
      content.remove("record_id");
      String other = byContent.putIfAbsent(Json.write(content), row.getKey());
      if (other != null) {
        twice.add(other + " = " + row.getKey());
      }
    }

    Map<String, String> firstLine = new HashMap<>();
    int lines = 0;
    int repeats = 0;
    List<String> differ = new ArrayList<>();
    for (var line : recordLines(auditDir)) {
      lines++;
      String first = firstLine.putIfAbsent(line.id(), line.text());
      if (first != null) {
        repeats++;
        if (!first.equals(line.text())) {
          differ.add(line.id());
        }
      }
    }
    List<String> fileOnly =
        firstLine.keySet().stream().filter(id -> !table.containsKey(id)).sorted().toList();
    List<String> tableOnly =
        table.keySet().stream().filter(id -> !firstLine.containsKey(id)).sorted().toList();
    return new AuditExactlyOnce(
        runs.size(),
        inHistories.size(),
        completed.size(),
        table.size(),
        missing,
        stray,
        twice,
        lines,
        repeats,
        differ,
        fileOnly,
        tableOnly);
  }

  /**
   * Whether the file and the table hold the same record ids (true without PostgreSQL): a write a
   * kill cut between the two sinks is whole again once its activity's retry has run.
   */
  static boolean fileAndTableAgree(PostgresServer pg, Path auditDir) throws Exception {
    if (pg == null) {
      return true;
    }
    Set<String> inFile = new HashSet<>();
    recordLines(auditDir).forEach(line -> inFile.add(line.id()));
    return inFile.equals(table(pg).keySet());
  }

  private static Map<String, JsonNode> table(PostgresServer pg) throws Exception {
    Map<String, JsonNode> table = new HashMap<>();
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT record_id, record::text FROM audit_record")) {
      while (rs.next()) {
        table.put(rs.getString(1), Json.mapper().readTree(rs.getString(2)));
      }
    }
    return table;
  }

  private record RecordLine(String id, String text) {}

  /** The files' lines that carry a record id, in file order; lines cut short are left out. */
  private static List<RecordLine> recordLines(Path auditDir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.exists(auditDir) ? Files.walk(auditDir) : Stream.empty()) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
    List<RecordLine> out = new ArrayList<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        JsonNode r;
        try {
          r = Json.mapper().readTree(line);
        } catch (IOException cutShort) {
          continue; // counted by the drill's own check
        }
        if (r != null && r.hasNonNull("record_id")) {
          out.add(new RecordLine(r.get("record_id").asText(), line));
        }
      }
    }
    return out;
  }

  private static void collectIds(JsonNode node, Set<String> ids) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      for (String name : List.of("record_id", "recordId")) {
        if (node.hasNonNull(name) && node.get(name).isTextual()) {
          ids.add(node.get(name).asText());
        }
      }
    }
    node.elements().forEachRemaining(child -> collectIds(child, ids));
  }
}
