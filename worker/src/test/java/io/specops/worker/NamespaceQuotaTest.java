package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.audit.AuditLog;
import io.specops.client.FleetClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as it runs keeps its scale-ups within the namespace's ResourceQuotas: seed 001's
 * frontend would go 2 -> 3, but todo-app's quota is full, so the decision is no_action and names
 * it, and the Deployment keeps its 2 replicas. (The quota's arithmetic is QuotaRoomTest's; a real
 * quota controller's counting, RealControlPlaneKubeIT's.)
 */
class NamespaceQuotaTest {
  @TempDir Path work;

  @Test
  void aFullQuotaHoldsTheSeedsScaleUpAndSaysWhy() throws Exception {
    try (TestWorker worker = TestWorker.start(work, "seed-001", false)) {
      KubernetesClient cluster = worker.context().getBean(KubernetesClient.class);
      Map<String, Quantity> two = Map.of("pods", new Quantity("2"));
      ResourceQuota quota =
          new ResourceQuotaBuilder()
              .withNewMetadata()
              .withName("two-pods")
              .withNamespace("todo-app")
              .endMetadata()
              .withNewSpec()
              .withHard(two)
              .endSpec()
              .withNewStatus()
              .withHard(two)
              .withUsed(Map.of("pods", new Quantity("2")))
              .endStatus()
              .build();
      // what the quota controller would count: the frontend's two pods
      cluster.resourceQuotas().inNamespace("todo-app").resource(quota).create();
      FleetClient client = DashboardIT.client(worker.target());
      client.startFleet("default", null, worker.blueprints().toString(), null, null);

      AuditLog audit = new AuditLog(work.resolve("audit"));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !held(audit).isEmpty());
      JsonNode decision = held(audit).get(0);
      assertThat(decision.path("action").asText()).isEqualTo("no_action");
      assertThat(decision.path("rationale").asText())
          .as(decision.toString())
          .endsWith(
              "but the namespace's ResourceQuota two-pods (pods: 2 used of 2) admits no more"
                  + " pods. No action possible until it has room.");
      assertThat(
              cluster
                  .apps()
                  .deployments()
                  .inNamespace("todo-app")
                  .withName("todo-frontend")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(audit.read(LocalDate.now(ZoneOffset.UTC)))
          .noneMatch(r -> r.path("record_type").asText().equals("execution"));
    }
  }

  /** The frontend's decisions the quota held. */
  private static List<JsonNode> held(AuditLog audit) {
    return audit.read(LocalDate.now(ZoneOffset.UTC)).stream()
        .filter(r -> r.path("record_type").asText().equals("decision"))
        .filter(r -> r.path("service").asText().equals("todo-frontend"))
        .filter(r -> r.path("trigger").asText().equals("quota"))
        .toList();
  }
}
