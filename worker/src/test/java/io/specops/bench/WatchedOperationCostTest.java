package io.specops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched service's scale operation, service and coordinator together, holds its action budget:
 * 12 (docs/scaling.md: the readiness wait and the settle ride on the verification, the capacity
 * read waits out the coordinator's batch window). Counted by the same probe `specops bench` prints,
 * seed 001's frontend 2 -> 3 in real time with pods ready in 2 s.
 */
class WatchedOperationCostTest {
  @TempDir Path work;

  @Test
  void aWatchedScaleOperationCostsAtMostTwelveActions() throws Exception {
    WatchedOperationProbe.Costs costs =
        WatchedOperationProbe.measure(TestBlueprints.repoRoot().resolve("blueprints"), work);
    System.out.println(
        "watched scale operation: " + costs.operation() + "; coordinator: " + costs.coordinator());
    assertThat(costs.operation().actionsByKind())
        .as("one verification that waits for readiness: scale, verify, outcome flush")
        .containsEntry("activity", 3);
    assertThat(costs.coordinator().actionsByKind())
        .as("the batch window is waited out by the capacity read: no timer, one activity")
        .doesNotContainKey("timer")
        .containsEntry("activity", 1);
    assertThat(costs.operation().actions() + costs.coordinator().actions()).isLessThanOrEqualTo(12);
  }
}
