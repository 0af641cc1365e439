package io.specops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.specops.json.Json;
import io.specops.kubernetes.CrudKubernetesServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record ids, the sinks a worker can choose (file, stdout, Kubernetes Events) and reading the trail
 * back.
 */
class AuditSinksTest {
  private static final Instant T = Instant.parse("2026-02-10T18:30:00Z");
  @TempDir Path dir;

  @Test
  void everyRecordHasAnIdThatARetriedWriteKeeps() {
    AuditEntry fromWorkflow =
        new AuditEntry(
            "execution",
            T,
            "todo-frontend",
            Map.of("operation_id", "dec-1"),
            "specops-service-todo-frontend/run-1/7",
            "todo-app");
    AuditEntry decision =
        new AuditEntry(
            "decision", T, "todo-frontend", Map.of("decision_id", "dec-1", "action", "scale_up"));
    AuditEntry other = new AuditEntry("control", T, "todo-frontend", Map.of("event", "paused"));
    assertThat(line(fromWorkflow).get("record_id").asText())
        .isEqualTo("specops-service-todo-frontend/run-1/7");
    assertThat(line(decision).get("record_id").asText()).isEqualTo("dec-1/decision");
    // a record without either: a digest of its content, the same on every attempt and different
    // from another record's
    String digest = line(other).get("record_id").asText();
    assertThat(digest)
        .matches("control/[0-9a-f]{24}")
        .isEqualTo(line(other).get("record_id").asText());
    assertThat(
            line(new AuditEntry(
                    "control", T.plusSeconds(1), "todo-frontend", Map.of("event", "paused")))
                .get("record_id")
                .asText())
        .isNotEqualTo(digest);
    // the id is the line's first field, and the namespace rides along
    assertThat(AuditLog.render(fromWorkflow))
        .startsWith("{\"record_id\":\"specops-service-todo-frontend/run-1/7\"")
        .contains("\"namespace\":\"todo-app\"");
  }

  @Test
  void timestampsAreWrittenToTheMillisecondWhateverClockMadeThem() {
    AuditEntry fromAnActivityClock =
        new AuditEntry(
            "decision",
            Instant.parse("2026-12-01T10:49:38.614741696Z"),
            "todo-frontend",
            Map.of("decision_id", "dec-2", "action", "no_action"));
    AuditEntry onTheSecond =
        new AuditEntry("decision", T, "todo-frontend", Map.of("decision_id", "dec-3"));
    assertThat(line(fromAnActivityClock).get("timestamp").asText())
        .isEqualTo("2026-12-01T10:49:38.614Z");
    assertThat(line(onTheSecond).get("timestamp").asText()).isEqualTo("2026-02-10T18:30:00Z");
  }

  @Test
  void sinksGetTheSameRedactedLinesAndTheFileCanBeLeftOut() throws Exception {
    List<ObjectNode> seen = new ArrayList<>();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    AuditLog log =
        new AuditLog(dir)
            .withoutFile()
            .withSink(
                new AuditSink() {
                  @Override
                  public void write(List<ObjectNode> records) {
                    seen.addAll(records);
                  }

                  @Override
                  public String name() {
                    return "memory";
                  }
                })
            .withSink(new StdoutAuditSink(new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    log.append(
        List.of(
            new AuditEntry(
                "governance",
                T,
                "todo-frontend",
                Map.of(
                    "decision_id",
                    "dec-2",
                    "classification",
                    "allowed",
                    "webhook_url",
                    "https://hooks.example/secret"))));
    assertThat(Files.exists(log.fileFor(LocalDate.of(2026, 2, 10))))
        .as("no file when it is not a sink")
        .isFalse();
    assertThat(seen)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("record_id").asText()).isEqualTo("dec-2/governance");
              assertThat(r.has("webhook_url")).as("secrets never reach a sink").isFalse();
            });
    String printed = stdout.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines())
        .singleElement()
        .satisfies(
            l -> {
              JsonNode r = Json.mapper().readTree(l);
              assertThat(r.get("record_id").asText()).isEqualTo("dec-2/governance");
              assertThat(r.get("classification").asText()).isEqualTo("allowed");
            });
    assertThat(printed).doesNotContain("secret");
  }

  @Test
  void theTrailIsQueriedByServiceDecisionTypeAndTimeAndSkipsALineCutShort() throws Exception {
    AuditLog log = new AuditLog(dir);
    log.append(
        List.of(
            new AuditEntry(
                "decision",
                T,
                "todo-frontend",
                Map.of("decision_id", "dec-a", "action", "scale_up")),
            new AuditEntry(
                "execution",
                T.plusSeconds(5),
                "todo-frontend",
                Map.of("operation_id", "dec-a", "decision_id", "dec-a")),
            new AuditEntry(
                "decision",
                T.plusSeconds(10),
                "todo-backend",
                Map.of("decision_id", "dec-b", "action", "no_action")),
            new AuditEntry(
                "decision",
                T.plusSeconds(86_400),
                "todo-frontend",
                Map.of("decision_id", "dec-c", "action", "scale_down"))));
    // a worker killed mid-write leaves half a line
    Files.writeString(
        log.fileFor(LocalDate.of(2026, 2, 10)), "{\"record_id\":\"cut", StandardOpenOption.APPEND);
    assertThat(ids(log.query(new AuditQuery(T, "todo-frontend", null, null, 100))))
        .containsExactly(
            "dec-a/decision",
            ids(log.query(new AuditQuery(T, null, null, "execution", 10))).get(0),
            "dec-c/decision");
    assertThat(ids(log.query(new AuditQuery(T, null, "dec-b", null, 100))))
        .containsExactly("dec-b/decision");
    assertThat(ids(log.query(new AuditQuery(T.plusSeconds(11), null, null, null, 100))))
        .containsExactly("dec-c/decision");
    assertThat(ids(log.query(new AuditQuery(T, null, null, "decision", 2))))
        .as("the newest two, oldest first")
        .containsExactly("dec-b/decision", "dec-c/decision");

    // appended after the half line (it must not join it) and after a record stamped later (a
    // watched service's decision rides on its operation's first step): read back, in time order,
    // as PostgreSQL returns them
    log.append(
        List.of(
            new AuditEntry(
                "decision",
                T.plusSeconds(7),
                "todo-backend",
                Map.of("decision_id", "dec-late", "action", "scale_up"))));
    assertThat(ids(log.query(new AuditQuery(T, null, null, "decision", 2))))
        .as("the newest two by time")
        .containsExactly("dec-b/decision", "dec-c/decision");
    assertThat(ids(log.query(new AuditQuery(T, null, null, null, 4))))
        .containsExactly(
            ids(log.query(new AuditQuery(T, null, null, "execution", 10))).get(0),
            "dec-late/decision",
            "dec-b/decision",
            "dec-c/decision");
  }

  /**
   * A batch retried after its activity completed on the server but the completion was lost with the
   * worker (on the same worker, on another that shares the directory, or after a restart) adds only
   * the records the file does not hold yet: each id once, the first copy kept, as PostgreSQL keeps
   * it. A killed writer's half line is not a record, even cut after its id: that record's retry is
   * written whole. Before, the file held every retried record twice (4 lines in the 2-worker crash
   * drill).
   */
  @Test
  void aRetriedBatchAddsOnlyTheRecordsTheFileDoesNotHold() throws Exception {
    AuditEntry a = execution("specops-service-web/run-1/7", "scaled");
    AuditEntry b = execution("specops-service-web/run-1/9", "verified");
    AuditLog first = new AuditLog(dir);
    first.append(List.of(a, b));
    first.append(List.of(a, b, execution("specops-service-web/run-1/12", "recorded")));
    // another worker sharing the directory, then a restarted one, retry the first batch
    new AuditLog(dir).append(List.of(b, a));
    AuditLog restarted = new AuditLog(dir);
    restarted.append(List.of(a));
    // the same id described again (an evaluation re-run after a kill): the first copy stays
    restarted.append(List.of(execution("specops-service-web/run-1/9", "described again")));
    // a writer killed after the id of its record: the line is not that record
    Path file = first.fileFor(LocalDate.of(2026, 2, 10));
    Files.writeString(
        file,
        "{\"record_id\":\"specops-service-web/run-1/15\",\"record_type\":\"exec",
        StandardOpenOption.APPEND);
    first.append(List.of(execution("specops-service-web/run-1/15", "rolled back")));
    new AuditLog(dir).append(List.of(execution("specops-service-web/run-1/15", "rolled back")));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(5);
    assertThat(ids(first.read(LocalDate.of(2026, 2, 10))))
        .containsExactly(
            "specops-service-web/run-1/7",
            "specops-service-web/run-1/9",
            "specops-service-web/run-1/12",
            "specops-service-web/run-1/15");
    assertThat(first.read(LocalDate.of(2026, 2, 10)).get(1).path("outcome").asText())
        .isEqualTo("verified");
    assertThat(lines.get(3)).as("the half line, ended").endsWith("\"record_type\":\"exec");
  }

  private static AuditEntry execution(String id, String outcome) {
    return new AuditEntry("execution", T, "web", Map.of("outcome", outcome), id, "shop");
  }

  @Test
  void eventsOnTheDeploymentSayWhatWasDoneOnceEachAndOnlyForWhatActs() {
    KubernetesMockServer server = CrudKubernetesServer.start();
    try (KubernetesClient client = server.createClient()) {
      AuditLog log =
          new AuditLog(dir).withoutFile().withSink(new KubernetesEventsAuditSink(client));
      List<AuditEntry> batch = fiveEventsInSixRecords();
      log.append(batch);
      log.append(batch); // the activity retried: nothing twice
      List<Event> events = client.v1().events().inNamespace("todo-app").list().getItems();
      assertThat(events)
          .extracting(Event::getReason)
          .containsExactlyInAnyOrder(
              "SpecOpsScaled",
              "SpecOpsVerified",
              "SpecOpsDeferred",
              "SpecOpsApprovalRequired",
              "SpecOpsRolledBack");
      assertThat(events)
          .allSatisfy(
              e -> {
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("todo-frontend");
                assertThat(e.getSource().getComponent()).isEqualTo("specops");
              });
      Map<String, Event> byReason = new LinkedHashMap<>();
      events.forEach(e -> byReason.put(e.getReason(), e));
      assertThat(byReason.get("SpecOpsScaled").getMessage())
          .isEqualTo("Scaled from 2 to 3 replicas (scale_up, dec-1)");
      assertThat(byReason.get("SpecOpsVerified").getMessage())
          .contains("scale_up 2 -> 3 verified")
          .contains("28% reduction");
      assertThat(byReason.get("SpecOpsDeferred").getMessage())
          .contains("dec-2 deferred: cluster cpu at 93%");
      assertThat(byReason.get("SpecOpsApprovalRequired").getMessage())
          .contains("needs approval by alice or bob");
      assertThat(byReason.get("SpecOpsRolledBack").getType()).isEqualTo("Warning");
    } finally {
      server.destroy();
    }
  }

  @Test
  void anEventThatCannotBeCreatedNeverFailsTheWrite() {
    KubernetesMockServer server = CrudKubernetesServer.start();
    KubernetesClient client = server.createClient();
    server.destroy(); // the API is gone
    try (client) {
      AuditLog log = new AuditLog(dir).withSink(new KubernetesEventsAuditSink(client));
      log.append(fiveEventsInSixRecords());
      assertThat(log.read(LocalDate.of(2026, 2, 10)))
          .as("the file still has every record")
          .hasSize(6);
    }
  }

  @Test
  void anApiThatFailsCostsTheWriteOneRequestNotTenRetriesPerEvent() throws IOException {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/todo-app/events")
        .andReturn(500, "etcdserver: request timed out")
        .always();
    try (KubernetesClient client = server.createClient()) {
      AuditLog log = new AuditLog(dir).withSink(new KubernetesEventsAuditSink(client));
      log.append(fiveEventsInSixRecords());
      // fabric8's default client would retry each of the five ten times with backoff (~20 s
      // apiece), far past the audit activity's 10 s
      assertThat(server.getRequestCount())
          .as("requests for five Events while the API answers 500")
          .isEqualTo(1);
      assertThat(Files.readAllLines(log.fileFor(LocalDate.of(2026, 2, 10))))
          .as("the file still has every record")
          .hasSize(6);
    } finally {
      server.destroy();
    }
  }

  /** A write whose records make five Events (the first record, a decision, makes none). */
  private static List<AuditEntry> fiveEventsInSixRecords() {
    return List.of(
        entry("decision", Map.of("decision_id", "dec-1", "action", "scale_up"), 1),
        entry(
            "execution",
            ordered(
                "operation_id",
                "dec-1",
                "operation_type",
                "scale_up",
                "previous_replicas",
                2,
                "target_replicas",
                3,
                "outcome",
                "scaled"),
            2),
        entry(
            "outcome",
            ordered(
                "decision_id",
                "dec-1",
                "action",
                "scale_up",
                "from_replicas",
                2,
                "to_replicas",
                3,
                "outcome",
                "verified",
                "improvement",
                "28% reduction (85% → 56.7%)"),
            3),
        entry(
            "control",
            ordered(
                "decision_id", "dec-2", "event", "deferred", "reason", "cluster cpu at 93% > 80%"),
            4),
        entry(
            "approval",
            Map.of(
                "decision_id",
                "dec-3",
                "event",
                "requested",
                "approvers",
                List.of("alice", "bob"),
                "reason",
                "scale_up needs approval"),
            5),
        entry(
            "execution",
            ordered(
                "operation_id",
                "dec-1-rollback",
                "operation_type",
                "rollback_scale_up",
                "previous_replicas",
                3,
                "target_replicas",
                2,
                "outcome",
                "scaled"),
            6));
  }

  private static AuditEntry entry(String type, Map<String, Object> body, int seq) {
    return new AuditEntry(
        type,
        T.plusSeconds(seq),
        "todo-frontend",
        body,
        "specops-service-todo-frontend/run-1/" + seq,
        "todo-app");
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  private static JsonNode line(AuditEntry entry) {
    try {
      return Json.mapper().readTree(AuditLog.render(entry));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> ids(List<JsonNode> records) {
    return records.stream().map(r -> r.get("record_id").asText()).toList();
  }
}
