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
import io.specops.kubernetes.TestLimitRanges;
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
  int taken;

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
    Deployment frontend = frontendDeployment(2);
    Container proxy = container("proxy", "100m");
    proxy.setRestartPolicy("Always");
    PodSpec spec = frontend.getSpec().getTemplate().getSpec();
    spec.setInitContainers(List.of(proxy, container("migrate", "1")));
    for (String name : List.of("todo-frontend-7d9f-a1b2c", "todo-frontend-7d9f-d3e4f")) {
      pod(name, spec, true, usage("todo-frontend", "300m"), usage("proxy", "60m"));
    }
    MetricsSnapshot snapshot =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(snapshot.metrics().cpuUtilization()).isCloseTo(0.60, within(1e-9));
    assertThat(snapshot.metrics().memoryUtilization()).isCloseTo(0.50, within(1e-9));
    // the Deployment's template has neither init container (admission added them, as a mesh
    // does): one more pod takes what these do, max(500 + 100, 100 + 1000) = 1 100m, not the
    // template's 500m (before, 500m)
    assertThat(snapshot.podRequest()).isEqualTo(new PodRequest(1100, 128L << 20));
    // what the utilization was measured against, which turns pods' worth of demand into cores
    assertThat(snapshot.serving()).isEqualTo(new PodRequest(600, 128L << 20));
  }

  /**
   * Two Ready pods use 300m of their 500m; a third, Running but not Ready yet (its readiness probe
   * waits for the warm-up), uses all of its 500m warming up. The utilization is the Ready pods', 60
   * %: the decision engine counts the starting pod as idle itself, as the HPA does. Before, its
   * warm-up was averaged in as load: (300 + 300 + 500) / 1 500 = 73 %, over the 70 % target, and a
   * scale-up that starts a pod read as the load it was started for.
   */
  @Test
  void aPodNotReadyYetIsLeftOutOfTheUtilization() {
    Deployment frontend = frontendDeployment(3);
    PodSpec spec = frontend.getSpec().getTemplate().getSpec();
    pod("todo-frontend-7d9f-a1b2c", spec, true, usage("todo-frontend", "300m"));
    pod("todo-frontend-7d9f-d3e4f", spec, true, usage("todo-frontend", "300m"));
    pod("todo-frontend-7d9f-g5h6j", spec, false, usage("todo-frontend", "500m"));
    MetricsSnapshot snapshot =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(snapshot.metrics().cpuUtilization()).isCloseTo(0.60, within(1e-9));
    assertThat(snapshot.metrics().memoryUtilization()).isCloseTo(0.50, within(1e-9));
  }

  /**
   * A workload scaled to zero, or whose pods are all still starting, has nothing to measure:
   * metrics.k8s.io is not asked, and the snapshot says no metrics. Before, it was asked anyway, and
   * on a cluster without metrics-server a Deployment at zero read as "metrics.k8s.io unavailable:
   * is metrics-server installed?".
   */
  @Test
  void noReadyPodAsksMetricsServerNothing() throws Exception {
    Deployment frontend = frontendDeployment(0);
    MetricsSnapshot off =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(off.replicas()).isZero();
    assertThat(off.metrics().cpuUtilization()).isNull();

    pod(
        "todo-frontend-7d9f-a1b2c",
        frontend.getSpec().getTemplate().getSpec(),
        false,
        usage("todo-frontend", "500m"));
    MetricsSnapshot starting =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(starting.metrics().cpuUtilization()).isNull();

    List<String> asked = new java.util.ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      var request = server.takeRequest();
      asked.add(request.getMethod() + " " + request.getPath());
    }
    assertThat(asked)
        .contains("GET /api/v1/namespaces/todo-app/pods?labelSelector=app%3Dtodo-frontend")
        .noneMatch(call -> call.startsWith("GET /apis/metrics.k8s.io"));
  }

  /**
   * A Deployment at zero whose template asks for nothing, in a namespace whose LimitRange defaults
   * containers to 300m and 256Mi: its next pods will be admitted at those, and that is what one
   * more pod takes (the coordinator reserves it) and what the utilization will be measured against.
   * Before, the template alone read as 0m: a scale from zero reserved nothing beyond the
   * blueprint's cpu_request. The LimitRanges are read only for such a template: one that sets its
   * requests, or a workload with live pods, costs no call for them.
   */
  @Test
  void aTemplateThatAsksForNothingReadsAtItsNamespacesLimitRangeDefaults() throws Exception {
    client
        .limitRanges()
        .inNamespace("todo-app")
        .resource(TestLimitRanges.defaultRequests(Map.of("cpu", "300m", "memory", "256Mi")))
        .create();
    Deployment bare = frontendDeployment(0);
    bare.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setResources(null));
    client.apps().deployments().inNamespace("todo-app").resource(bare).update();
    MetricsSnapshot atZero =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(atZero.podRequest()).isEqualTo(new PodRequest(300, 256L << 20));
    assertThat(atZero.serving()).isEqualTo(new PodRequest(300, 256L << 20));
    assertThat(limitRangeReads()).isEqualTo(1);

    // with a live pod (admitted at 300m), what it requests is read off it: no LimitRange read
    pod(
        "todo-frontend-7d9f-a1b2c",
        new io.fabric8.kubernetes.api.model.PodSpecBuilder()
            .addToContainers(container("todo-frontend", "300m"))
            .build(),
        true,
        usage("todo-frontend", "150m"));
    MetricsSnapshot running =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(running.podRequest()).isEqualTo(new PodRequest(300, 64L << 20));
    assertThat(limitRangeReads()).isZero();

    // a template that sets its requests is read as it is, whatever the namespace defaults
    frontendDeployment(0);
    client.pods().inNamespace("todo-app").withName("todo-frontend-7d9f-a1b2c").delete();
    MetricsSnapshot set =
        new KubernetesMetricsSource(client, Clock.systemUTC()).collect(TestBlueprints.frontend());
    assertThat(set.podRequest()).isEqualTo(new PodRequest(500, 64L << 20));
    assertThat(limitRangeReads()).isZero();
  }

  /** How many times the namespace's LimitRanges were read since the last count. */
  private int limitRangeReads() throws InterruptedException {
    int reads = 0;
    for (; taken < server.getRequestCount(); taken++) {
      var request = server.takeRequest();
      if (request.getMethod().equals("GET")
          && request.getPath().startsWith("/api/v1/namespaces/todo-app/limitranges")) {
        reads++;
      }
    }
    return reads;
  }

  /**
   * A Running pod of the frontend, Ready or not, with its usage in metrics.k8s.io as metrics-server
   * reports any running pod's.
   */
  private void pod(
      String name,
      PodSpec spec,
      boolean ready,
      io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics... containers) {
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("todo-app")
            .withLabels(Map.of("app", "todo-frontend"))
            .build();
    client
        .pods()
        .inNamespace("todo-app")
        .resource(
            new PodBuilder()
                .withMetadata(meta)
                .withSpec(spec)
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build())
        .create();
    client
        .resource(new PodMetricsBuilder().withMetadata(meta).addToContainers(containers).build())
        .create();
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

  /** The frontend's Deployment, created: {@code replicas} pods of 500m and 64Mi. */
  private Deployment frontendDeployment(int replicas) {
    Deployment frontend =
        Templates.deployment(
            new Scenario.Service(
                "todo-frontend",
                "todo-app",
                replicas,
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
    return client
        .apps()
        .deployments()
        .inNamespace("todo-app")
        .resource(frontend)
        .createOr(existing -> existing.update());
  }
}
