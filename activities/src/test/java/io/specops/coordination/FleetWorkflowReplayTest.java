package io.specops.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import io.specops.service.Harness;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.testing.SpecopsTestEnvironments;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the coordinator's recorded history of seed 001's conflict (children started, two requests
 * resolved in one round, a grant and a deferral) against the current code. {@code
 * -Dspecops.recordHistory=true} rewrites the recording after an intended change.
 */
class FleetWorkflowReplayTest {
  static final Path RECORDED =
      Path.of("src/test/resources/histories/fleet-conflict-capacity-read-ends-window.json");

  /** Recorded before the capacity read waited out the batch window (a timer, then the read). */
  static final Path RECORDED_WITH_WINDOW_TIMER =
      Path.of("src/test/resources/histories/fleet-conflict.json");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Harness.extension(ServiceWorkflowImpl.class, FleetWorkflowImpl.class);

  @TempDir Path auditDir;
  @TempDir Path blueprints;

  @Test
  void theRecordedHistoryReplaysOnTheCurrentCode() throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(Files.readString(RECORDED));
    assertThat(history.getEvents()).hasSizeGreaterThan(20);
    assertThat(Files.readString(RECORDED)).contains("ReadClusterCapacityAfterWindow");
    replay(history);
  }

  @Test
  void aHistoryRecordedWithTheBatchWindowTimerStillReplays() throws Exception {
    String json = Files.readString(RECORDED_WITH_WINDOW_TIMER);
    assertThat(json)
        .doesNotContain("ReadClusterCapacityAfterWindow")
        .contains("EVENT_TYPE_TIMER_STARTED");
    replay(WorkflowExecutionHistory.fromJson(json));
  }

  @Test
  void aFreshRunReplaysToo(TestWorkflowEnvironment env, Worker worker) throws Exception {
    Files.writeString(blueprints.resolve("frontend.yaml"), TestBlueprints.yaml("frontend"));
    Files.writeString(blueprints.resolve("backend.yaml"), TestBlueprints.yaml("backend"));
    try (Harness h = new Harness(env, worker, "seed-001-conflict", auditDir)) {
      FleetWorkflow fleet = h.startFleet(blueprints, FleetSettings.defaults());
      assertThat(
              h.advanceUntil(
                  Duration.ofMinutes(3),
                  () ->
                      !fleet.status().recentConflicts().isEmpty()
                          && fleet.status().inFlight().isEmpty()))
          .isTrue();
      WorkflowExecutionHistory history = h.client.fetchHistory(FleetWorkflow.workflowId("default"));
      replay(history);
      if (Boolean.getBoolean("specops.recordHistory")) {
        Files.createDirectories(RECORDED.getParent());
        Files.writeString(RECORDED, history.toJson(true));
      }
    }
  }

  static void replay(WorkflowExecutionHistory history) throws Exception {
    SpecopsTestEnvironments.replay(history, FleetWorkflowImpl.class);
  }
}
