package io.specops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.decision.Action;
import io.specops.governance.Classification;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import io.specops.service.DecisionOutcome;
import io.specops.service.DecisionSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditedHistoryTest {
  private static final Instant T = Instant.parse("2026-12-01T17:00:00Z");
  @TempDir Path dir;

  /** Read back as the audit log writes them: one point per decision that observed metrics. */
  @Test
  void everyDecisionRecordWithMetricsIsAPointOldestFirst() {
    AuditLog log = new AuditLog(dir);
    log.append(
        List.of(
            decision(T.plusSeconds(30), 0.5, 0.45),
            decision(T, 0.4, 0.35),
            new AuditEntry(
                "decision",
                T.plusSeconds(60),
                "todo-backend",
                Map.of("decision_id", "dec-x", "action", "no_action")),
            new AuditEntry(
                "governance", T, "todo-backend", Map.of("decision_id", "dec-y", "allowed", true))));
    List<JsonNode> records = log.query(AuditedHistory.query("todo-backend", T.minusSeconds(1)));
    List<HistoryPoint> points = AuditedHistory.points(records);
    assertThat(points).extracting(HistoryPoint::at).containsExactly(T, T.plusSeconds(30));
    assertThat(points.get(1).cpu()).isEqualTo(0.45);
    assertThat(points.get(1).weighted()).isEqualTo(0.5);
    assertThat(points.get(1).replicas()).isEqualTo(3);
  }

  /** The workflow's own evaluations are in the trail too: counted once; the newest kept. */
  @Test
  void theWorkflowsAndTheTrailsPointsMergeOnceEachUpToTheLimit() {
    HistoryPoint a = point(T, 0.3);
    HistoryPoint b = point(T.plusSeconds(30), 0.4);
    HistoryPoint c = point(T.plusSeconds(60), 0.5);
    assertThat(AuditedHistory.merge(List.of(b), List.of(a, b, c), 10)).containsExactly(a, b, c);
    assertThat(AuditedHistory.merge(List.of(c), List.of(a, b), 2)).containsExactly(b, c);
    assertThat(AuditedHistory.merge(List.of(), List.of(), 10)).isEmpty();
  }

  /** The watcher's no-action decisions, newest first, with the workflow's own kept as they are. */
  @Test
  void theWatchersIdleDecisionsJoinTheWorkflowsNewestFirst() {
    AuditLog log = new AuditLog(dir);
    log.append(
        List.of(
            decision(T, 0.4, 0.35),
            decision(T.plusSeconds(60), 0.5, 0.45),
            new AuditEntry(
                "decision",
                T.plusSeconds(30),
                "todo-backend",
                Map.of(
                    "decision_id",
                    "dec-up",
                    "action",
                    "scale_up",
                    "current_replicas",
                    3,
                    "target_replicas",
                    4))));
    List<DecisionSummary> idle =
        AuditedHistory.idleDecisions(
            log.query(new AuditQuery(T.minusSeconds(1), "todo-backend", null, "decision", 10)));
    assertThat(idle)
        .extracting(DecisionSummary::decisionId)
        .containsExactly("dec-" + T.plusSeconds(60).getEpochSecond(), "dec-" + T.getEpochSecond());
    assertThat(idle.get(0).outcome()).isEqualTo(DecisionOutcome.NO_ACTION);
    assertThat(idle.get(0).weightedUtilization()).isEqualTo(0.5);
    assertThat(idle.get(0).currentReplicas()).isEqualTo(3);

    DecisionSummary own =
        new DecisionSummary(
            "dec-up",
            Action.SCALE_UP,
            3,
            4,
            0.8,
            "schedule",
            "up",
            Classification.ALLOWED,
            DecisionOutcome.VERIFIED,
            T.plusSeconds(30));
    assertThat(AuditedHistory.mergeDecisions(List.of(own), idle, 10))
        .extracting(DecisionSummary::decisionId)
        .containsExactly(
            "dec-" + T.plusSeconds(60).getEpochSecond(), "dec-up", "dec-" + T.getEpochSecond());
    assertThat(AuditedHistory.mergeDecisions(List.of(own), idle, 2)).hasSize(2);
    assertThat(AuditedHistory.mergeDecisions(List.of(own), List.of(own), 10)).containsExactly(own);
  }

  /** Two intervals back per decision asked for, an hour at least. */
  @Test
  void recentDecisionsLookBackTwoIntervalsPerDecisionAndAnHourAtLeast() {
    Instant now = Instant.now();
    AuditQuery tenDays = AuditedHistory.recentDecisions("a", Duration.ofHours(12), 10);
    assertThat(Duration.between(tenDays.since(), now).toHours()).isBetween(239L, 240L);
    assertThat(tenDays.limit()).isEqualTo(10);
    assertThat(tenDays.recordType()).isEqualTo("decision");
    AuditQuery hour = AuditedHistory.recentDecisions("a", Duration.ofSeconds(30), 5);
    assertThat(Duration.between(hour.since(), now).toMinutes()).isBetween(59L, 60L);
  }

  private static AuditEntry decision(Instant at, double weighted, double cpu) {
    return new AuditEntry(
        "decision",
        at,
        "todo-backend",
        Map.of(
            "decision_id",
            "dec-" + at.getEpochSecond(),
            "action",
            "no_action",
            "current_replicas",
            3,
            "target_replicas",
            3,
            "weighted_utilization",
            weighted,
            "observed",
            new MetricsSnapshot(
                "todo-backend",
                3,
                3,
                3,
                new Metrics(cpu, 0.5, 60.0, 100.0, 250.0, 0.002),
                at,
                "simulated")));
  }

  private static HistoryPoint point(Instant at, double cpu) {
    return new HistoryPoint(at, 3, cpu, cpu, 0.5, 100.0, 250.0, 0.002);
  }
}
