package io.specops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.specops.blueprint.TestBlueprints;
import io.specops.kubernetes.CrudKubernetesServer;
import io.specops.simulation.Scenario;
import io.specops.simulation.Templates;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics.k8s.io source measures what runs in the pods against its requests, as the HPA does:
 * metrics-server reports a native sidecar's usage with the containers', so its requests count too;
 * a finished init container's do not.
 */
class KubernetesMetricsSourceTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void start() {
    server = CrudKubernetesServer.start();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  /**
   * Two pods: app 300m of its 500m, a mesh proxy (native sidecar) 60m of its 100m, a migration init
   * container (1 core, finished). (300 + 60) / (500 + 100) = 60 %; before, the sidecar's usage was
   * divided by the app's request alone: 72 %, over the blueprint's 70 % target.
   */
  @Test
  void aNativeSidecarsRequestsCountWithItsUsage() {
    Deployment frontend =
        Templates.deployment(
            new Scenario.Service(
                "todo-frontend",
                "todo-app",
                2,
                "500m",
                "64Mi",
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            "todo-app");
    client.apps().deployments().inNamespace("todo-app").resource(frontend).create();
    Container proxy = container("proxy", "100m");
    proxy.setRestartPolicy("Always");
    PodSpec spec = frontend.getSpec().getTemplate().getSpec();
    spec.setInitContainers(List.of(proxy, container("migrate", "1")));
    for (String name : List.of("todo-frontend-7d9f-a1b2c", "todo-frontend-7d9f-d3e4f")) {
      ObjectMeta meta =
          new ObjectMetaBuilder()
              .withName(name)
              .withNamespace("todo-app")
              .withLabels(Map.of("app", "todo-frontend"))
              .build();
      client
          .pods()
          .inNamespace("todo-app")
          .resource(new PodBuilder().withMetadata(meta).withSpec(spec).build())
          .create();
      client
          .resource(
              new PodMetricsBuilder()
                  .withMetadata(meta)
                  .addToContainers(usage("todo-frontend", "300m"), usage("proxy", "60m"))
                  .build())
          .create();
    }
    MetricsSnapshot snapshot =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(snapshot.metrics().cpuUtilization()).isCloseTo(0.60, within(1e-9));
    assertThat(snapshot.metrics().memoryUtilization()).isCloseTo(0.50, within(1e-9));
    // the Deployment's template has neither init container (admission added them, as a mesh
    // does): one more pod takes what these do, max(500 + 100, 100 + 1000) = 1 100m, not the
    // template's 500m (before, 500m)
    assertThat(snapshot.podRequest()).isEqualTo(new PodRequest(1100, 128L << 20));
  }

  private static Container container(String name, String cpu) {
    return new ContainerBuilder()
        .withName(name)
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity("64Mi"))
        .endResources()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics usage(
      String name, String cpu) {
    return new ContainerMetricsBuilder()
        .withName(name)
        .addToUsage("cpu", new Quantity(cpu))
        .addToUsage("memory", new Quantity("32Mi"))
        .build();
  }
}
