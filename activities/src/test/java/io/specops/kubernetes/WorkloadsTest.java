package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

/** Why a Deployment's pods do not come, from its conditions as the controller sets them. */
class WorkloadsTest {
  @Test
  void aReplicaFailureOrAPassedDeadlineIsTheProblemAndAHealthyRolloutIsNone() {
    assertThat(
            Workloads.problem(
                deployment(
                    condition("Available", "True", "MinimumReplicasAvailable", "ok"),
                    condition("ReplicaFailure", "True", "FailedCreate", "exceeded quota: q"))))
        .isEqualTo("FailedCreate: exceeded quota: q");
    assertThat(
            Workloads.problem(
                deployment(
                    condition(
                        "Progressing",
                        "False",
                        "ProgressDeadlineExceeded",
                        "ReplicaSet \"web-5d\" has timed out progressing."))))
        .isEqualTo("ProgressDeadlineExceeded: ReplicaSet \"web-5d\" has timed out progressing.");
    assertThat(
            Workloads.problem(
                deployment(
                    condition("Progressing", "True", "NewReplicaSetAvailable", "done"),
                    condition("ReplicaFailure", "False", "FailedCreate", "old"))))
        .isNull();
    assertThat(Workloads.problem(deployment())).isNull();
    assertThat(Workloads.problem(new StatefulSetBuilder().withNewSpec().endSpec().build()))
        .isNull();
  }

  @Test
  void aLongMessageIsCut() {
    String problem =
        Workloads.problem(
            deployment(
                condition(
                    "ReplicaFailure", "True", "FailedCreate", "denied: " + "x".repeat(2000))));
    assertThat(problem)
        .hasSize(Workloads.MAX_PROBLEM)
        .startsWith("FailedCreate: denied: ")
        .endsWith("...");
  }

  private static Deployment deployment(DeploymentCondition... conditions) {
    return new DeploymentBuilder()
        .withNewSpec()
        .withReplicas(3)
        .endSpec()
        .withNewStatus()
        .withConditions(conditions)
        .endStatus()
        .build();
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, String message) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
