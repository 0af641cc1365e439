package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.forecast.DemandHistory;
import io.specops.forecast.Forecaster;
import io.specops.governance.GovernanceEngine;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service workflow decides on the Temporal server's clock (its workflow time); the metrics
 * sources stamp snapshots with the worker's. A worker whose clock is minutes behind the server's
 * must still act on a snapshot it has just taken; one that is old on the worker's own clock is
 * still stale.
 */
class EvaluatorClockTest {
  static final Instant SERVER_NOW = Instant.parse("2026-12-04T12:00:00Z");
  static final Clock WORKER = Clock.fixed(SERVER_NOW.minus(Duration.ofMinutes(5)), ZoneOffset.UTC);

  @Test
  void aSnapshotJustTakenByAWorkerWhoseClockIsBehindTheServersIsFresh() {
    Evaluation hot = evaluator(Duration.ZERO).evaluate(TestBlueprints.frontend(), at(), null, null);
    assertThat(hot.decision().rationale()).doesNotContain("stale");
    assertThat(hot.decision().action()).isEqualTo(Action.SCALE_UP);
    assertThat(hot.snapshot().observedAt()).as("on the decision's clock").isEqualTo(SERVER_NOW);
  }

  @Test
  void aSnapshotOldOnTheWorkersOwnClockIsStillStale() {
    Evaluation old =
        evaluator(Duration.ofMinutes(3)).evaluate(TestBlueprints.frontend(), at(), null, null);
    assertThat(old.decision().action()).isEqualTo(Action.NO_ACTION);
    assertThat(old.decision().rationale()).contains("metrics are stale (observed 3m ago");
  }

  /** The demand history, stamped on the worker's clock, ends where the decision's clock expects. */
  @Test
  void theDemandHistoryIsMovedOntoTheDecisionsClock() {
    Evaluator evaluator =
        new Evaluator(
                new io.specops.metrics.MetricsSource() {
                  @Override
                  public MetricsSnapshot collect(io.specops.blueprint.Blueprint bp) {
                    throw new UnsupportedOperationException();
                  }

                  @Override
                  public DemandHistory demandHistory(
                      io.specops.blueprint.Blueprint bp, Duration window) {
                    Instant last = WORKER.instant().minus(Duration.ofMinutes(1));
                    return new DemandHistory(
                        Duration.ofMinutes(1),
                        List.of(
                            new DemandHistory.Point(last.minus(Duration.ofMinutes(1)), 2.0),
                            new DemandHistory.Point(last, 2.0)));
                  }
                },
                new DecisionEngine(),
                new GovernanceEngine())
            .withClock(WORKER);
    Forecaster f = evaluator.forecaster(TestBlueprints.frontend(), Duration.ofMinutes(5));
    assertThat(f.lastBucket()).isEqualTo(f.bucketOf(SERVER_NOW.minus(Duration.ofMinutes(1))));
  }

  private static DecisionContext at() {
    return DecisionContext.at(SERVER_NOW, 1);
  }

  /** A frontend at 95 % cpu on 2 replicas, observed {@code age} before the worker's now. */
  private static Evaluator evaluator(Duration age) {
    return new Evaluator(
            bp ->
                new MetricsSnapshot(
                    bp.name(),
                    2,
                    2,
                    2,
                    new Metrics(0.95, 0.5, 100.0, 150.0, 200.0, 0.001),
                    WORKER.instant().minus(age),
                    "test"),
            new DecisionEngine(),
            new GovernanceEngine())
        .withClock(WORKER);
  }
}
