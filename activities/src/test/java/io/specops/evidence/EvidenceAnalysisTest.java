package io.specops.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.evidence.EvidenceReport.Cause;
import io.specops.evidence.EvidenceReport.EventSummary;
import io.specops.evidence.EvidenceReport.LogTemplate;
import io.specops.evidence.EvidenceReport.PodSummary;
import io.specops.evidence.EvidenceReport.Rollout;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log templates (Drain), secret masking and the rules, on recorded lines and small cases. */
class EvidenceAnalysisTest {
  private static final Instant AT = Instant.parse("2026-02-10T18:45:00Z");
  private static final Instant WINDOW_START = Instant.parse("2026-02-10T18:30:00Z");

  @Test
  void variablePartsAreMaskedSoOneKindOfLineIsOneTemplate() {
    LogTemplates drain = new LogTemplates();
    drain.add("GET /api/todos status=200 in 33ms from 10.2.3.4:5123", 0);
    drain.add("GET /api/todos status=200 in 8ms from 10.9.9.9:443", 0);
    drain.add("request 3f2a9c1b7e55d0aa failed for user 1234", 0);
    drain.add("request 0b9c3f11a2e4d5c6 failed for user 77", 0);
    drain.add("order 123e4567-e89b-12d3-a456-426614174000 shipped", 0);
    assertThat(drain.counts())
        .containsEntry("GET /api/todos status=<NUM> in <NUM>ms from <IP>", 2)
        .containsEntry("request <HEX> failed for user <NUM>", 2)
        .containsEntry("order <UUID> shipped", 1)
        .hasSize(3);
    // words that merely contain digits stay words; a number after a dash is a number (as Drain3
    // masks it)
    assertThat(LogTemplates.mask("pod todo-frontend-abc12 on node-1 uses v2"))
        .isEqualTo("pod todo-frontend-abc12 on node-<NUM> uses v2");
  }

  @Test
  void differingWordsBecomeWildcardsAndDissimilarLinesStayApart() {
    LogTemplates drain = new LogTemplates();
    drain.add("connection to db-primary lost retrying", 0);
    drain.add("connection to db-replica lost retrying", 0);
    drain.add("user alice logged in now", 0);
    assertThat(drain.counts())
        .containsEntry("connection to <*> lost retrying", 2)
        .containsEntry("user alice logged in now", 1);
  }

  @Test
  void recordedLinesGiveFewTemplatesAndTheNewErrorIsFlagged() throws IOException {
    List<EvidenceCollector.LogLine> lines = recorded();
    List<LogTemplate> templates = EvidenceActivitiesImpl.templates(lines, WINDOW_START);
    assertThat(templates.size()).as("403 lines in a handful of templates").isBetween(4, 8);
    LogTemplate npe = templates.get(0);
    assertThat(npe.level()).as("errors first").isEqualTo("error");
    assertThat(npe.template())
        .contains("java.lang.NullPointerException")
        .contains("request_id=<HEX>");
    assertThat(npe.isNew()).as("not seen before the window").isTrue();
    assertThat(npe.count()).isEqualTo(55);
    LogTemplate warmer =
        templates.stream()
            .filter(t -> t.template().contains("CacheWarmer"))
            .findFirst()
            .orElseThrow();
    assertThat(warmer.isNew()).as("seen before too").isFalse();
    LogTemplate access =
        templates.stream()
            .filter(t -> t.template().contains("TodoController"))
            .findFirst()
            .orElseThrow();
    assertThat(access.template()).contains("GET /api/todos status=<NUM> in <NUM>ms");
    // secrets never reach a report
    assertThat(templates).noneSatisfy(t -> assertThat(t.example()).contains("hunter2"));
    assertThat(lines).anySatisfy(l -> assertThat(l.text()).contains("password=***"));
  }

  @Test
  void secretsAreMasked() {
    assertThat(SecretMask.mask("db password=s3cr3t token: abc.def.ghi api_key=\"k-123\""))
        .isEqualTo("db password=*** token: *** api_key=***");
    assertThat(SecretMask.mask("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"))
        .isEqualTo("Authorization: Bearer ***");
    assertThat(SecretMask.mask("connect postgres://specops:hunter2@db:5432/x"))
        .isEqualTo("connect postgres://specops:***@db:5432/x");
    assertThat(SecretMask.mask("key AKIAIOSFODNN7EXAMPLE used")).isEqualTo("key *** used");
    assertThat(SecretMask.mask("GET /api/todos status=200")).isEqualTo("GET /api/todos status=200");
  }

  @Test
  void eachRuleNamesItsCauseAndTheRankingPutsTheStrongestFirst() {
    assertThat(
            rank(
                    List.of(new PodSummary("p-1", "Pending", false, 0, null)),
                    List.of(
                        event("FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.")))
                .get(0))
        .satisfies(
            c -> {
              assertThat(c.rule()).isEqualTo("capacity");
              assertThat(c.evidence()).contains("Insufficient cpu");
            });
    // the ReplicaSet's create refused: no pod is Pending, the refusal is the cause
    assertThat(
            refused(
                "Error creating: pods \"web-5d-x\" is forbidden: exceeded quota: two-pods,"
                    + " requested: pods=1, used: pods=2, limited: pods=2"))
        .satisfies(
            c -> {
              assertThat(c.rule()).isEqualTo("refused");
              assertThat(c.cause())
                  .isEqualTo("quota: the namespace's ResourceQuota refused new pods");
              assertThat(c.evidence()).endsWith("limited: pods=2 (3 FailedCreate events)");
            });
    assertThat(
            refused("Error creating: admission webhook \"policy.example\" denied the request")
                .cause())
        .isEqualTo("refused: the API server refused new pods");
    assertThat(
            rank(List.of(new PodSummary("p-1", "Running", true, 2, "OOMKilled")), List.of())
                .get(0)
                .rule())
        .isEqualTo("memory");
    assertThat(
            rank(
                    List.of(new PodSummary("p-1", "Running", false, 4, "Error")),
                    List.of(event("BackOff", "Back-off restarting failed container")))
                .get(0)
                .rule())
        .isEqualTo("crash");
    assertThat(
            rank(
                    List.of(),
                    List.of(
                        event(
                            "Unhealthy",
                            "Readiness probe failed: HTTP probe failed with statuscode: 500")))
                .get(0)
                .rule())
        .isEqualTo("probes");

    // a rollout inside the window, with a new error after it, outranks saturation
    List<LogTemplate> templates =
        List.of(
            new LogTemplate("NullPointerException at <*>", 40, true, "error", "NPE"),
            new LogTemplate("GET status=<NUM>", 300, false, "info", "GET"));
    List<Rollout> rollouts =
        List.of(
            new Rollout(1, "todo:2.3.1", Instant.parse("2026-02-01T00:00:00Z"), false),
            new Rollout(2, "todo:2.4.0", Instant.parse("2026-02-10T18:31:00Z"), true));
    MetricsSnapshot hot =
        new MetricsSnapshot(
            "todo-backend", 3, 3, 3, new Metrics(0.9, 0.5, 120.0, 450.0, 250.0, 0.04), AT, "test");
    List<Cause> causes = rank(templates, rollouts, hot);
    assertThat(causes)
        .extracting(Cause::rule)
        .containsExactly("rollout", "saturation", "new_errors");
    assertThat(causes.get(0).cause())
        .isEqualTo("the new version: todo:2.4.0 rolled out 14 min before");
    // a workload created in the window has one ReplicaSet, revision 1: no version changed
    assertThat(
            rank(templates, List.of(new Rollout(1, "todo:2.4.0", AT.minusSeconds(60), true)), hot))
        .extracting(Cause::rule)
        .containsExactly("saturation", "new_errors");
    assertThat(causes.get(0).evidence())
        .contains("todo:2.3.1 -> todo:2.4.0")
        .contains("new error templates");
    assertThat(causes.get(1).evidence())
        .contains("cpu 90% > target 70%")
        .contains("p95 450 ms > target 150 ms");

    assertThat(
            EvidenceRules.rank(
                new EvidenceRules.Evidence(
                    AT,
                    Duration.ofMinutes(15),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    null,
                    null)))
        .as("nothing to go on, nothing claimed")
        .isEmpty();
  }

  @Test
  void theReportReadsCauseFirstAndStaysBounded() throws IOException {
    List<LogTemplate> templates = EvidenceActivitiesImpl.templates(recorded(), WINDOW_START);
    EvidenceReport report =
        EvidenceActivitiesImpl.withText(
            new EvidenceReport(
                "ev-1",
                "todo-backend",
                "rolled_back",
                "dec-1",
                AT,
                "15m",
                List.of(
                    "decision dec-1: scale_up 3 -> 4",
                    "verification: failure (p95 450 ms > 150 ms)",
                    "rolled back to 3"),
                List.of(new PodSummary("todo-backend-1", "Running", true, 0, null)),
                templates,
                403,
                List.of(),
                List.of(new Rollout(2, "todo:2.4.0", Instant.parse("2026-02-10T18:31:00Z"), true)),
                List.of(
                    new Cause(
                        "the new version: todo:2.4.0 rolled out 14 min before",
                        "rollout",
                        0.88,
                        "revision 2")),
                "summary",
                List.of("events: forbidden (403): grant it in deploy/role.yaml"),
                null));
    String text = report.text();
    assertThat(text).startsWith("# todo-backend: evidence ev-1");
    assertThat(text.indexOf("## Likely causes")).isLessThan(text.indexOf("## Log templates"));
    assertThat(text)
        .contains(
            "1. **the new version: todo:2.4.0 rolled out 14 min before** (rule rollout, score 0.88)")
        .contains("**new**")
        .contains("## Not read")
        .contains("- rolled back to 3")
        .doesNotContain("hunter2");
    assertThat(text.length()).isLessThanOrEqualTo(EvidenceActivitiesImpl.MAX_TEXT);
  }

  private static List<Cause> rank(List<PodSummary> pods, List<EventSummary> events) {
    return EvidenceRules.rank(
        new EvidenceRules.Evidence(
            AT,
            Duration.ofMinutes(15),
            pods,
            List.of(),
            events,
            List.of(),
            null,
            null,
            null,
            null));
  }

  /**
   * The causes of {@code templates} and {@code rollouts} with {@code metrics} before and after,
   * against the backend's 150 ms and 70 % targets.
   */
  private static List<Cause> rank(
      List<LogTemplate> templates, List<Rollout> rollouts, MetricsSnapshot metrics) {
    return EvidenceRules.rank(
        new EvidenceRules.Evidence(
            AT,
            Duration.ofMinutes(15),
            List.of(),
            templates,
            List.of(),
            rollouts,
            metrics,
            metrics,
            150.0,
            0.7));
  }

  /** The first cause when the ReplicaSet's creates were refused with {@code message}. */
  private static Cause refused(String message) {
    return rank(List.of(), List.of(event("FailedCreate", message))).get(0);
  }

  private static EventSummary event(String reason, String message) {
    return new EventSummary("Pod/p-1", "Warning", reason, message, 3, AT.minusSeconds(60));
  }

  private static List<EvidenceCollector.LogLine> recorded() throws IOException {
    try (var in =
        EvidenceAnalysisTest.class.getResourceAsStream("/evidence/todo-backend-incident.log")) {
      return EvidenceCollector.parse(
          "todo-backend-1", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
