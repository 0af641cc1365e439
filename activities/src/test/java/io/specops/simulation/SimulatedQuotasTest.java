package io.specops.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.kubernetes.KubernetesScaler;
import io.specops.kubernetes.ResourceQuotaReader;
import io.specops.kubernetes.ScaleRequest;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The simulated cluster keeps a scenario's ResourceQuotas as the API server and the quota
 * controller do: used is what the namespace's pods request, a pod beyond the quota is refused and
 * the Deployment reports ReplicaFailure in the server's words, and room given back is used again.
 */
class SimulatedQuotasTest {
  private final ManualClock time = new ManualClock(Instant.parse("2026-02-10T18:30:00Z"));

  static final String SCENARIO =
      """
      name: quota
      services:
        - {name: web, namespace: shop, replicas: 2, cpu_request: 100m, memory_request: 64Mi,
           load: {constant: 100}}
      jobs:
        - {name: report, namespace: shop, cpu_request: 50m, runs_for: 3m}
      quotas:
        - {name: team-cpu, namespace: shop, hard: {requests.cpu: 300m, pods: 10}}
      """;

  @Test
  void aPodBeyondTheQuotaIsRefusedAndTheDeploymentSaysSo() {
    try (SimulatedCluster cluster =
            SimulatedCluster.start(ScenarioLoader.parse(SCENARIO, "quota.yaml"), time.clock());
        KubernetesClient client = cluster.newClient()) {
      WorkloadRef web = new WorkloadRef("shop", "Deployment", "web");
      assertThat(used(client)).as("2 x 100m and the job's 50m").isEqualTo("250m");
      assertThat(new ResourceQuotaReader(client).ceiling(web).replicas()).isEqualTo(2);

      KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
      scaler.scale(new ScaleRequest(web, 4, "dec-1", 1, 10, false));
      cluster.reconcile();
      assertThat(cluster.desiredReplicas("shop", "web")).isEqualTo(4);
      assertThat(client.pods().inNamespace("shop").withLabel("app", "web").list().getItems())
          .hasSize(2);
      assertThat(Workloads.problem(Workloads.get(client, web)))
          .matches(
              "FailedCreate: pods \"web-[^\"]+\" is forbidden: exceeded quota: team-cpu,"
                  + " requested: requests.cpu=100m, used: requests.cpu=250m, limited:"
                  + " requests.cpu=300m");
      assertThat(used(client)).isEqualTo("250m");
      String refusedPod =
          Workloads.problem(Workloads.get(client, web)).replaceAll(".*pods \"([^\"]+)\".*", "$1");
      for (int round = 0; round < 20; round++) {
        cluster.reconcile(); // the ReplicaSet tries again each round; nothing else starts
      }

      // the job ends: its 50m is room for one more pod, and the refusal clears
      time.advance(java.time.Duration.ofMinutes(3));
      cluster.reconcile();
      assertThat(client.pods().inNamespace("shop").withLabel("app", "web").list().getItems())
          .hasSize(3)
          .as("the pod refused is the one created once there is room")
          .anySatisfy(p -> assertThat(p.getMetadata().getName()).isEqualTo(refusedPod));
      assertThat(used(client)).isEqualTo("300m");
      assertThat(Workloads.problem(Workloads.get(client, web))).contains("exceeded quota");

      scaler.scale(new ScaleRequest(web, 3, "dec-2", 1, 10, false));
      cluster.reconcile();
      assertThat(Workloads.problem(Workloads.get(client, web))).isNull();
    }
  }

  @Test
  void aQuotaThatIsNotAQuantityIsNamed() {
    assertThatThrownBy(
            () ->
                ScenarioLoader.parse(
                    SCENARIO.replace("requests.cpu: 300m", "requests.cpu: lots"), "quota.yaml"))
        .hasMessage("quota.yaml: quotas.team-cpu.hard.requests.cpu is not a quantity: \"lots\"");
  }

  private static String used(KubernetesClient client) {
    ResourceQuota q = client.resourceQuotas().inNamespace("shop").withName("team-cpu").get();
    return q.getStatus().getUsed().get("requests.cpu").toString();
  }
}
