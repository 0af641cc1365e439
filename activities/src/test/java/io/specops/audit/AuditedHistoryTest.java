package io.specops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import java.nio.file.Path;
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
