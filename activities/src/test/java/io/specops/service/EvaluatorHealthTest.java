package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The health an evaluation records: none for a workload scaled to zero (it is off, and "unhealthy"
 * would collect evidence and rank it first), unhealthy for one whose pods are all failing.
 */
class EvaluatorHealthTest {
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void aWorkloadScaledToZeroHasNoHealthAndOneWithNoReadyPodIsUnhealthy() {
    Evaluation off = evaluator(0, 0).evaluate(TestBlueprints.frontend(), at(), null, null);
    assertThat(off.decision().trigger()).isEqualTo("scaled_to_zero");
    assertThat(off.health()).isNull();

    Evaluation failing = evaluator(2, 0).evaluate(TestBlueprints.frontend(), at(), null, null);
    assertThat(failing.health()).isNotNull();
    assertThat(failing.health().status()).isEqualTo("unhealthy");
  }

  private static DecisionContext at() {
    return DecisionContext.at(NOW, 1);
  }

  /**
   * A workload with {@code replicas} asked for and {@code ready} of them ready, measured as none.
   */
  private static Evaluator evaluator(int replicas, int ready) {
    return new Evaluator(
        bp -> new MetricsSnapshot(bp.name(), replicas, ready, ready, Metrics.none(), NOW, "test"),
        new DecisionEngine(),
        new GovernanceEngine());
  }
}
