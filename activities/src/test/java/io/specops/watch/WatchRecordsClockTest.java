package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditLog;
import io.specops.decision.Decision;
import io.specops.governance.GovernanceEngine;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.service.Evaluation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch's records (its no_action evaluations) are stamped on the Temporal server's clock, as
 * the service workflow's are. On the worker's own clock, a worker 15 minutes behind wrote them 15
 * minutes off the workflows' records, and gave the decision ids another worker had given 15 minutes
 * before: the audit sinks keep one record per id, and dropped them.
 */
class WatchRecordsClockTest {
  static final Duration BEHIND = Duration.ofMinutes(15);

  @TempDir Path audit;

  @Test
  void aWorkerBehindRecordsItsEvaluationsOnTheTemporalServersTime() throws Exception {
    Clock behind = Clock.offset(Clock.systemUTC(), BEHIND.negated());
    try (WatchLeaseFixture lease =
        WatchLeaseFixture.start(WatchLeaseFixture.quiet(behind), audit, behind)) {
      WatchedService orders = WatchLeaseFixture.watched("orders");
      WatchProgress handedBack = lease.runFor(Duration.ofSeconds(4), List.of(orders), null);
      Instant now = Instant.now();

      List<JsonNode> decisions = decisions(audit);
      assertThat(decisions).as("its quiet evaluations recorded").isNotEmpty();
      for (JsonNode d : decisions) {
        Instant at = Instant.parse(d.path("timestamp").asText());
        assertThat(Duration.between(at, now))
            .as("recorded at %s, on the server's time (now %s), not 15 minutes before", at, now)
            .isBetween(Duration.ZERO, Duration.ofSeconds(30));
        assertThat(d.path("decision_id").asText())
            .as("its id stamped with the server's time")
            .startsWith(
                "dec-" + at.atZone(ZoneOffset.UTC).toLocalDate().toString().replace("-", ""))
            .contains(String.format("-%02d", at.atZone(ZoneOffset.UTC).getHour()));
      }
      assertThat(handedBack.services().get("orders").lastDecisionId())
          .as("the status views' last decision is the one recorded")
          .isEqualTo(decisions.get(decisions.size() - 1).path("decision_id").asText());
      assertThat(handedBack.services().get("orders").lastEvaluatedAt())
          .as("the watch's own times stay on the worker's clock, for the next lease")
          .isBefore(now.minus(BEHIND).plusSeconds(30));
    }
  }

  @Test
  void theRecordsMoveOntoTheServersClockTheRestIsKept() {
    Instant workerNow = Instant.parse("2026-12-05T17:45:00Z");
    MetricsSnapshot seen =
        new MetricsSnapshot("orders", 3, 3, 3, Metrics.none(), workerNow.minusSeconds(2), "test");
    Decision quiet =
        Decision.noAction(
            "dec-20261205-174500-orders-000",
            "orders",
            3,
            Decision.Basis.of("within range", "none"),
            workerNow,
            seen);
    Evaluation ev =
        new Evaluation(
            seen,
            quiet,
            new GovernanceEngine()
                .evaluate(WatchLeaseFixture.watched("orders").blueprint(), quiet, workerNow),
            null);

    Evaluation moved = WatchActivitiesImpl.onTemporalClock(ev, BEHIND.negated());

    assertThat(moved.decision().decisionId())
        .as("the id another worker on time gave at 17:45:00 is not given again")
        .isEqualTo("dec-20261205-180000-orders-000");
    assertThat(moved.decision().decidedAt()).isEqualTo(Instant.parse("2026-12-05T18:00:00Z"));
    assertThat(moved.decision().observed().observedAt())
        .isEqualTo(Instant.parse("2026-12-05T17:59:58Z"));
    assertThat(moved.snapshot().observedAt()).isEqualTo(Instant.parse("2026-12-05T17:59:58Z"));
    assertThat(moved.verdict().decisionId()).isEqualTo("dec-20261205-180000-orders-000");
    assertThat(moved.verdict().governanceCheckId()).isEqualTo("gov-20261205-180000-orders-000");
    assertThat(moved.verdict().classification()).isEqualTo(ev.verdict().classification());
    assertThat(moved.decision().rationale()).isEqualTo(quiet.rationale());
    assertThat(WatchActivitiesImpl.onTemporalClock(ev, Duration.ZERO))
        .as("on a clock that agrees, nothing moves")
        .isSameAs(ev);
  }

  private static List<JsonNode> decisions(Path dir) {
    AuditLog log = new AuditLog(dir);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<JsonNode> found = new ArrayList<>();
    for (LocalDate day : List.of(today.minusDays(1), today)) {
      for (JsonNode r : log.read(day)) {
        if (r.path("record_type").asText().equals("decision")) {
          found.add(r);
        }
      }
    }
    return found;
  }
}
