package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.specops.blueprint.TestBlueprints;
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
 * Someone runs {@code kubectl scale --replicas=6} while SpecOps' scale-up of the frontend (2 -> 3,
 * seed 001) waits for its pod. SpecOps stops waiting, records the verification partial and leaves
 * the 6 replicas alone. Before, it waited out the readiness timeout for exactly 3 ready pods,
 * failed the verification ("6 of 3 replicas ready") and rolled the Deployment back to 2: the other
 * writer's change was lost.
 */
class AnotherWriterTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = Harness.extension(ServiceWorkflowImpl.class);

  @TempDir Path auditDir;

  @Test
  void replicasAnotherWriterSetsDuringAnOperationAreLeftAsTheyAre(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    try (Harness h = new Harness(env, worker, "seed-001", auditDir)) {
      ServiceWorkflow wf = h.start(TestBlueprints.frontend(), ServiceSettings.defaults());
      assertThat(
              h.advanceUntil(
                  Duration.ofMinutes(5),
                  () ->
                      wf.status().operation() != null
                          && wf.status().operation().phase() == ServicePhase.WAITING_FOR_PODS))
          .as("seed 001's scale-up waits for its pod")
          .isTrue();
      h.scaleAsAnotherWriter("todo-frontend", 6);
      assertThat(h.advanceUntilOperationEnds(wf, Duration.ofMinutes(6))).isTrue();
      OperationSummary op = wf.status().lastOperation();
      assertThat(op.toReplicas()).isEqualTo(3);
      assertThat(op.outcome()).isEqualTo(OperationResult.PARTIAL);
      assertThat(Duration.between(op.startedAt(), op.endedAt()))
          .as("no wait for a target that will not come")
          .isLessThan(Duration.ofMinutes(2));
      Deployment frontend =
          h.kubernetes.apps().deployments().inNamespace("todo-app").withName("todo-frontend").get();
      // (the next evaluation may scale from there, as a decision of its own)
      assertThat(frontend.getSpec().getReplicas()).as("the other writer's replicas").isEqualTo(6);
      List<JsonNode> records = h.auditRecords();
      assertThat(records)
          .filteredOn(r -> r.path("record_type").asText().equals("verification"))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.path("outcome").asText()).isEqualTo("partial");
                assertThat(r.path("summary").path("rationale").asText())
                    .contains("another writer set the replicas to 6");
              });
      assertThat(records)
          .as("nothing rolled back")
          .noneSatisfy(r -> assertThat(r.path("operation_type").asText()).startsWith("rollback"));
      ServiceWorkflowReplayTest.replay(
          h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend")));
    }
  }
}
