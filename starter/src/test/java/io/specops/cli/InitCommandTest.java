package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `specops init` against a Kubernetes API (fabric8's mock server in CRUD mode; the kube tier runs
 * it on a real one: RealControlPlaneKubeIT.specopsInitWritesThePodsRequestsAsTheServerAdmitsThem).
 */
class InitCommandTest {
  @TempDir Path dir;
  private KubernetesMockServer server;
  private KubernetesClient admin;

  @BeforeEach
  void start() {
    server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new io.fabric8.mockwebserver.MockWebServer(),
            new HashMap<>(),
            new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(),
            false);
    server.init();
    admin = server.createClient();
    admin
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(deployment("web", 3, "250m", "256Mi"))
        .create();
    admin
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(deployment("worker", 1, null, null))
        .create();
    admin
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("shop")
        .resource(
            hpa("web-hpa", "Deployment", "web", 2, 12)
                .editSpec()
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(60)
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build())
        .create();
  }

  @AfterEach
  void stop() {
    admin.close();
    server.destroy();
  }

  @Test
  void writesAValidBlueprintPerDeploymentTakingBoundsFromTheHpaAndSaysToRemoveIt()
      throws Exception {
    // a StatefulSet with its own HPA, and one named as a Deployment is (a fleet's names are unique)
    admin.apps().statefulSets().inNamespace("shop").resource(statefulSet("db", 2)).create();
    admin.apps().statefulSets().inNamespace("shop").resource(statefulSet("web", 1)).create();
    admin
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("shop")
        .resource(hpa("db-hpa", "StatefulSet", "db", 2, 4).build())
        .create();
    String kubeconfig = kubeconfig();
    Path out = dir.resolve("blueprints");
    CliRunner r =
        CliRunner.run(
            "init", "--namespace", "shop", "--out", out.toString(), "--kubeconfig", kubeconfig);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "wrote "
                + out.resolve("web/blueprint.yaml")
                + " (bounds and target from HorizontalPodAutoscaler web-hpa)")
        .contains("kubectl delete hpa web-hpa -n shop")
        .contains("two controllers writing")
        .contains("kubectl delete hpa db-hpa -n shop")
        .contains("skipped StatefulSet web: the Deployment of that name has the blueprint web")
        .contains("3 blueprints");

    BlueprintLoader.Result result = BlueprintLoader.loadDirectory(out);
    assertThat(result.errors()).isEmpty();
    List<Blueprint> loaded = result.blueprints();
    Blueprint web = loaded.stream().filter(b -> b.name().equals("web")).findFirst().orElseThrow();
    assertThat(web.spec().scaling().minReplicas()).isEqualTo(2);
    assertThat(web.spec().scaling().maxReplicas()).isEqualTo(12);
    assertThat(web.spec().scaling().targetCpuUtilization()).isEqualTo(0.6);
    assertThat(web.spec().resources().cpuRequestMillis()).isEqualTo(250);
    Blueprint worker =
        loaded.stream().filter(b -> b.name().equals("worker")).findFirst().orElseThrow();
    assertThat(worker.spec().scaling().maxReplicas()).isEqualTo(5);
    assertThat(worker.spec().scaling().targetCpuUtilization()).isEqualTo(0.7);
    assertThat(worker.metadata().namespace()).isEqualTo("shop");
    Blueprint db = loaded.stream().filter(b -> b.name().equals("db")).findFirst().orElseThrow();
    assertThat(db.spec().target().kind()).isEqualTo("StatefulSet");
    assertThat(db.spec().scaling().minReplicas()).isEqualTo(2);
    assertThat(db.spec().scaling().maxReplicas()).isEqualTo(4);
    assertThat(db.spec().resources().cpuRequestMillis()).isEqualTo(500);
    assertThat(web.spec().target().kind()).isEqualTo("Deployment");

    CliRunner again =
        CliRunner.run(
            "init", "--namespace", "shop", "--out", out.toString(), "--kubeconfig", kubeconfig);
    assertThat(again.out())
        .contains("kept " + out.resolve("web/blueprint.yaml") + " (exists; --force overwrites)");
    assertThat(
            CliRunner.run(
                    "init",
                    "--namespace",
                    "empty",
                    "--out",
                    out.toString(),
                    "--kubeconfig",
                    kubeconfig)
                .err())
        .contains("no Deployments or StatefulSets in namespace empty");
  }

  /**
   * The blueprint's requests and limits are the whole pod's, as its utilization is measured: a
   * native sidecar's with the app's, a mesh proxy that admission injected read off the live pods,
   * and a namespace's LimitRange default for a template that asks for nothing. Before, the first
   * container's alone: 200m, 250m and the seeds' 100m where the pods request 250m, 330m and 300m
   * (`specops status` then showed the blueprint's and the pods' requests side by side).
   */
  @Test
  void requestsAndLimitsAreTheWholePodsAsAdmitted() throws Exception {
    Deployment mesh = deployment("mesh", 2, "200m", "256Mi");
    var app = mesh.getSpec().getTemplate().getSpec().getContainers().get(0);
    app.getResources()
        .setLimits(Map.of("cpu", new Quantity("400m"), "memory", new Quantity("256Mi")));
    mesh.getSpec()
        .getTemplate()
        .getSpec()
        .setInitContainers(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerBuilder()
                    .withName("proxy")
                    .withRestartPolicy("Always")
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("50m"))
                    .addToRequests("memory", new Quantity("64Mi"))
                    .addToLimits("cpu", new Quantity("100m"))
                    .addToLimits("memory", new Quantity("64Mi"))
                    .endResources()
                    .build()));
    admin.apps().deployments().inNamespace("shop").resource(mesh).create();
    // web's live pod, admitted with an injected 80m proxy beside its 250m
    admin
        .pods()
        .inNamespace("shop")
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("web-7d9f-a1b2c")
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .endResources()
                .endContainer()
                .addNewContainer()
                .withName("istio-proxy")
                .withNewResources()
                .addToRequests("cpu", new Quantity("80m"))
                .addToRequests("memory", new Quantity("128Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();
    admin
        .limitRanges()
        .inNamespace("shop")
        .resource(io.specops.kubernetes.TestLimitRanges.defaultRequests(Map.of("cpu", "300m")))
        .create();
    Path out = dir.resolve("blueprints");
    CliRunner r =
        CliRunner.run(
            "init", "--namespace", "shop", "--out", out.toString(), "--kubeconfig", kubeconfig());
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, Blueprint> loaded = new HashMap<>();
    BlueprintLoader.loadDirectory(out).blueprints().forEach(b -> loaded.put(b.name(), b));
    var meshResources = loaded.get("mesh").spec().resources();
    assertThat(meshResources.cpuRequestMillis()).isEqualTo(250);
    assertThat(meshResources.memoryRequestBytes()).isEqualTo(320L << 20);
    assertThat(meshResources.cpuLimitMillis()).isEqualTo(500);
    assertThat(loaded.get("web").spec().resources().cpuRequestMillis()).isEqualTo(330);
    assertThat(loaded.get("web").spec().resources().memoryRequestBytes()).isEqualTo(384L << 20);
    // worker's template asks for nothing: the LimitRange's 300m, and the seeds' memory
    assertThat(loaded.get("worker").spec().resources().cpuRequestMillis()).isEqualTo(300);
    assertThat(loaded.get("worker").spec().resources().memoryRequestBytes()).isEqualTo(128L << 20);
    assertThat(Files.readString(out.resolve("web/blueprint.yaml")))
        .contains(
            "# Requests and limits (the whole pod's: containers and native sidecars) from its 1 live pod as admitted.");
    assertThat(Files.readString(out.resolve("worker/blueprint.yaml")))
        .contains("from its pod template with the namespace's LimitRange defaults.");
  }

  /** A kubeconfig for the mock server, as a user's would point at their cluster. */
  private String kubeconfig() throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
        - name: me
          user: {token: x}
        contexts:
        - name: mock
          context: {cluster: mock, user: me, namespace: shop}
        current-context: mock
        """
            .formatted(admin.getMasterUrl().toString()));
    return kubeconfig.toString();
  }

  /** An HPA of {@code kind/target} between {@code min} and {@code max} replicas. */
  private static HorizontalPodAutoscalerBuilder hpa(
      String name, String kind, String target, int min, int max) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind(kind)
        .withName(target)
        .endScaleTargetRef()
        .withMinReplicas(min)
        .withMaxReplicas(max)
        .endSpec();
  }

  /** A StatefulSet whose pods ask for 500m and 256Mi, its template shaped as a Deployment's. */
  private static io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet(
      String name, int replicas) {
    Deployment shape = deployment(name, replicas, "500m", "256Mi");
    return new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
        .withMetadata(shape.getMetadata())
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        .withSelector(shape.getSpec().getSelector())
        .withTemplate(shape.getSpec().getTemplate())
        .endSpec()
        .build();
  }

  private static Deployment deployment(String name, int replicas, String cpu, String memory) {
    DeploymentBuilder b =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(name)
            .withImage("nginx")
            .withNewResources()
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec();
    Deployment d = b.build();
    if (cpu != null) {
      d.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .get(0)
          .getResources()
          .setRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)));
    }
    return d;
  }
}
