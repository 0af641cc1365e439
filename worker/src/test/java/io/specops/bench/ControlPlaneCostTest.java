package io.specops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's goal, held: an idle evaluation costs at most 2 Temporal actions and 10 history events,
 * and no history grows past 10 000 events. Counted on seed 001's fleet, 15 minutes of workflow time
 * on the time-skipping test server (the same probe `specops bench` prints).
 */
class ControlPlaneCostTest {
  @TempDir Path audit;

  @Test
  void anIdleEvaluationCostsAtMostTwoActionsAndTenEvents() {
    CostProbe.Costs costs =
        CostProbe.measure(
            TestBlueprints.repoRoot().resolve("blueprints"), audit, Duration.ofMinutes(15));
    System.out.println(
        "idle evaluation: "
            + costs.idleEvaluation()
            + "; scale operation: "
            + costs.scaleOperation()
            + "; coordinator: "
            + costs.coordinatorPerOperation());
    assertThat(costs.idleEvaluationsSeen()).isGreaterThan(20);
    assertThat(costs.idleEvaluation().actions()).isLessThanOrEqualTo(2);
    assertThat(costs.idleEvaluation().events()).isLessThanOrEqualTo(10);
    // the operation happened and was counted, coordinator included
    assertThat(costs.scaleOperation().actionsByKind()).containsKeys("activity", "signal");
    assertThat(costs.coordinatorPerOperation().actionsByKind())
        .containsKey("signal")
        .doesNotContainKey("child_workflow");
    assertThat(costs.largestHistory()).isLessThan(10_000);
  }
}
