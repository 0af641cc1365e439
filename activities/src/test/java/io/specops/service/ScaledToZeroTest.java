package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.simulation.ScaleCall;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone scaled the frontend to zero (maintenance, a night schedule). SpecOps leaves it there, as
 * the HPA does, says so, and does not call it unhealthy; a person's `specops scale` brings it back.
 */
class ScaledToZeroTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = Harness.extension(ServiceWorkflowImpl.class);

  @TempDir Path auditDir;

  @Test
  void aWorkloadScaledToZeroIsLeftThereUntilAPersonScalesItBack(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    try (Harness h = new Harness(env, worker, "seed-001", auditDir)) {
      h.scaleAsAnotherWriter("todo-frontend", 0);
      // a webhook nobody listens on: only whether a notification is scheduled matters
      ServiceWorkflow wf =
          h.start(
              BlueprintParser.parse(
                  "blueprints/frontend/blueprint.yaml",
                  TestBlueprints.yaml("frontend")
                      + "  notifications:\n    webhook_url: http://127.0.0.1:9/hook\n"),
              ServiceSettings.defaults());
      assertThat(h.advanceUntil(Duration.ofMinutes(2), () -> wf.status().evaluations() >= 3))
          .isTrue();
      ServiceStatus off = wf.status();
      DecisionSummary last = off.lastDecision();
      assertThat(last.trigger()).isEqualTo("scaled_to_zero");
      assertThat(last.rationale()).contains("is scaled to zero: left there");
      assertThat(off.health()).as("off, not unhealthy").isNull();
      assertThat(h.cluster.scaleCalls()).isEmpty();

      wf.scale(new ScaleCommand(2, "alice", "maintenance over"));
      assertThat(h.advanceUntilOperationEnds(wf, Duration.ofMinutes(6))).isTrue();
      OperationSummary resumed = wf.status().lastOperation();
      assertThat(resumed.toReplicas()).isEqualTo(2);
      // seed 001's load wants more than 2 pods at 70 %: the verification fails, but 0 is outside
      // the bounds [1, 5]; before, the rollback to 0 was tried, refused, and ended rollback_failed
      assertThat(resumed.outcome()).isEqualTo(OperationResult.PARTIAL);
      assertThat(h.cluster.scaleCalls()).extracting(ScaleCall::replicas).startsWith(2);
      assertThat(h.cluster.scaleCalls()).extracting(ScaleCall::replicas).doesNotContain(0);
      assertThat(h.auditRecords())
          .anySatisfy(
              r -> {
                assertThat(r.path("event").asText()).isEqualTo("not_rolled_back");
                assertThat(r.path("reason").asText())
                    .startsWith(
                        "not rolled back to 0, outside the blueprint's bounds [1, 5]; 2 replicas kept");
              })
          .noneSatisfy(r -> assertThat(r.path("operation_type").asText()).startsWith("rollback"));
      // the service's channel hears the failed verification, as it would a rollback's
      WorkflowExecutionHistory history =
          h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend"));
      assertThat(notifications(history))
          .anySatisfy(
              n ->
                  assertThat(n)
                      .contains("\"event\":\"operation_failed\"")
                      .contains(
                          "failed verification, not rolled back to 0, outside the blueprint's"
                              + " bounds [1, 5]; 2 replicas kept"));
    }
  }

  /** The Notify activities' inputs, as JSON. */
  static List<String> notifications(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
        .filter(a -> a.getActivityType().getName().equals("Notify"))
        .map(a -> a.getInput().getPayloads(0).getData().toStringUtf8())
        .toList();
  }
}
