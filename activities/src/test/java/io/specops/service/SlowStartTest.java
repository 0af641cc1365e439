package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.simulation.Scenario;
import io.specops.simulation.ScenarioLoader;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service whose pods take 4 minutes to start, and whose blueprint says so ({@code
 * spec.prediction.startup: 4m}), scales up and is verified: its new pods get their start-up to
 * become ready. With the worker's 3-minute readiness timeout alone, the verification found 2 of 3
 * pods ready and rolled a healthy scale-up back.
 */
class SlowStartTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = Harness.extension(ServiceWorkflowImpl.class);

  @TempDir Path auditDir;

  @Test
  void podsThatStartSlowlyGetTheirStartupToBecomeReady(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    Scenario seed = ScenarioLoader.load("seed-001");
    Scenario slow = seed.withStartupDelay(Duration.ofMinutes(4));
    try (Harness h = new Harness(env, worker, slow, auditDir, null)) {
      Blueprint bp =
          BlueprintParser.parse(
              "frontend.yaml",
              TestBlueprints.yaml("frontend")
                  .replace(
                      "dependencies: [todo-backend]",
                      "dependencies: [todo-backend]\n  prediction: {startup: 4m}"));
      ServiceWorkflow wf = h.start(bp, ServiceSettings.defaults());
      assertThat(h.advanceUntilOperationEnds(wf, Duration.ofMinutes(10))).isTrue();
      ServiceStatus status = wf.status();
      assertThat(status.lastOperation().outcome()).isEqualTo(OperationResult.VERIFIED);
      assertThat(status.lastOperation().toReplicas()).isEqualTo(3);
      ServiceWorkflowReplayTest.replay(
          h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend")));
    }
  }
}
