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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * it, and the Deployment keeps its 2 replicas. (The quota's arithmetic is QuotaRoomTest's; the
 * simulated quota controller's, SimulatedQuotasTest's; a real one's, RealControlPlaneKubeIT's.)
 */
class NamespaceQuotaTest {
  @TempDir Path work;

  @Test
  void aFullQuotaHoldsTheSeedsScaleUpAndSaysWhy() throws Exception {
    try (TestWorker worker = TestWorker.start(work, "seed-001", false)) {
      KubernetesClient cluster = worker.context().getBean(KubernetesClient.class);
      // the simulated quota controller counts todo-app's five pods against it
      AuditLog audit = startFleetUnder(worker, quota("five-pods", "pods", "5"));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !held(audit).isEmpty());
      JsonNode decision = held(audit).get(0);
      assertThat(decision.path("action").asText()).isEqualTo("no_action");
      assertThat(decision.path("rationale").asText())
          .as(decision.toString())
          .endsWith(
              "but the namespace's ResourceQuota five-pods (pods: 5 used of 5) admits no more"
                  + " pods. No action possible until it has room.");
      assertThat(replicas(cluster, "todo-frontend")).isEqualTo(2);
      assertThat(records(audit, "execution")).isEmpty();
    }
  }

  /**
   * Seed 001's conflict, in a cluster with room for both but a todo-app quota with room for one:
   * each service alone fits the quota (100m left: the backend asks 100m, the frontend 50m), so each
   * evaluation's ceiling lets its scale-up through. The coordinator pools the quota's room: the
   * critical backend takes it and the frontend is deferred, naming the quota. Before, both were
   * granted, and the quota admission refused one of their pods.
   */
  @Test
  void servicesOfOneNamespaceDoNotBothTakeItsLastQuotaRoom() throws Exception {
    Path roomy = work.resolve("roomy-conflict.yaml");
    Files.writeString(
        roomy,
        new String(
                getClass().getResourceAsStream("/scenarios/seed-001-conflict.yaml").readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("startup_delay: 50s", "startup_delay: 2s")
            .replace("cpu: 620m, memory: 1452Mi", "cpu: 8000m, memory: 16Gi"));
    try (TestWorker worker =
        TestWorker.start(work, "seed-001-conflict", false, "--specops.scenario=" + roomy)) {
      KubernetesClient cluster = worker.context().getBean(KubernetesClient.class);
      // the simulated quota controller counts 2 x 50m + 3 x 100m used
      AuditLog audit = startFleetUnder(worker, quota("team-cpu", "requests.cpu", "500m"));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !records(audit, "conflict").isEmpty());
      JsonNode conflict = records(audit, "conflict").get(0);
      assertThat(conflict.at("/conflict_resolution/services/todo-backend/action").asText())
          .as(conflict.toString())
          .isEqualTo("execute");
      assertThat(conflict.at("/conflict_resolution/services/todo-frontend/action").asText())
          .isEqualTo("defer");
      assertThat(conflict.at("/conflict_resolution/services/todo-frontend/rationale").asText())
          .isEqualTo(
              "todo-frontend deferred until resources available: the namespace todo-app's"
                  + " ResourceQuota team-cpu (requests.cpu): needs 50m, 0m left after"
                  + " todo-backend");
      await().atMost(Duration.ofSeconds(60)).until(() -> replicas(cluster, "todo-backend") == 4);
      assertThat(replicas(cluster, "todo-frontend")).isEqualTo(2);
    }
  }

  /** Creates {@code quota} in todo-app, starts the fleet, and returns its audit log. */
  private AuditLog startFleetUnder(TestWorker worker, ResourceQuota quota) {
    KubernetesClient cluster = worker.context().getBean(KubernetesClient.class);
    cluster.resourceQuotas().inNamespace("todo-app").resource(quota).create();
    FleetClient client = DashboardIT.client(worker.target());
    client.startFleet("default", null, worker.blueprints().toString(), null, null);
    return new AuditLog(work.resolve("audit"));
  }

  private static ResourceQuota quota(String name, String resource, String hard) {
    return new ResourceQuotaBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("todo-app")
        .endMetadata()
        .withNewSpec()
        .withHard(Map.of(resource, new Quantity(hard)))
        .endSpec()
        .build();
  }

  private static int replicas(KubernetesClient cluster, String name) {
    return cluster
        .apps()
        .deployments()
        .inNamespace("todo-app")
        .withName(name)
        .get()
        .getSpec()
        .getReplicas();
  }

  private static List<JsonNode> records(AuditLog audit, String type) {
    return audit.read(LocalDate.now(ZoneOffset.UTC)).stream()
        .filter(r -> r.path("record_type").asText().equals(type))
        .toList();
  }

  /** The frontend's decisions the quota held. */
  private static List<JsonNode> held(AuditLog audit) {
    return records(audit, "decision").stream()
        .filter(r -> r.path("service").asText().equals("todo-frontend"))
        .filter(r -> r.path("trigger").asText().equals("quota"))
        .toList();
  }
}
