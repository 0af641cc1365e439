package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.client.FleetClient;
import io.specops.simulation.LoadProfile;
import io.specops.simulation.Scenario;
import io.specops.simulation.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison no autoscaler publishes, in miniature: on one real control plane, the Kubernetes
 * HPA controller (inside kube-controller-manager) scales one copy of a service while a SpecOps
 * worker scales an identical copy, under the same load, both reading metrics.k8s.io through the API
 * server (the load model behind the aggregation layer). A step from 100 to 300 requests per second
 * (6 pods at the 50% target), then down to 60. Prints a table of both, sampled every 2 s; asserts
 * that both controllers really scaled on those metrics and stayed in bounds. One short step in real
 * time, not a trace: docs/backtest.md says what it does and does not show.
 */
class HpaSideBySideKubeIT {
  static final String NS = "side";
  static final int CAPACITY_PER_POD = 100; // rps at 100% cpu: calibrated 50% at 2 pods, 100 rps

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void theRealHpaAndSpecopsScaleIdenticalCopiesUnderTheSameLoad() throws Exception {
    Path scenarioFile = work.resolve("side-by-side.yaml");
    try (var in = getClass().getResourceAsStream("/side-by-side.yaml")) {
      Files.write(scenarioFile, in.readAllBytes());
    }
    Scenario scenario = ScenarioLoader.load(scenarioFile.toString());
    String temporal = Tools.temporal();
    int port = TestWorker.freePort();
    try (ExternalProcess server =
            RealTemporalIT.devServer(
                temporal, port, TestWorker.freePort(), work.resolve("temporal.db"));
        KubeDrillCluster cluster = KubeDrillCluster.start(scenario, work, NS)) {
      KubernetesClient admin = cluster.kube().admin();
      admin
          .autoscaling()
          .v2()
          .horizontalPodAutoscalers()
          .inNamespace(NS)
          .resource(hpa("web-hpa"))
          .create();
      Path blueprints = Files.createDirectories(work.resolve("blueprints"));
      Files.writeString(blueprints.resolve("web-specops.yaml"), blueprint("web-specops"));
      List<String> args =
          new ArrayList<>(
              CrashDrill.workerArgs("127.0.0.1:" + port, blueprints, work.resolve("audit")));
      try (WorkerProcess worker =
          WorkerProcess.start(args, cluster.workerEnv(), work.resolve("worker.log"))) {
        worker.awaitStarted(Duration.ofSeconds(90));
        FleetClient client = DashboardIT.client("127.0.0.1:" + port);
        client.startFleet("default", null, blueprints.toString(), null, null);

        // 30 s at 100 rps (both at 2 pods, 50%), 120 s at 300, 90 s at 60
        LoadProfile step = t -> t.toSeconds() < 30 ? 100 : t.toSeconds() < 150 ? 300 : 60;
        Instant start = Instant.now();
        cluster.setLoad("web-hpa", t -> step.rps(Duration.between(start, Instant.now())));
        cluster.setLoad("web-specops", t -> step.rps(Duration.between(start, Instant.now())));
        Tally hpa = new Tally("Kubernetes HPA (kube-controller-manager 1.34.4)");
        Tally specops = new Tally("SpecOps");
        while (Duration.between(start, Instant.now()).toSeconds() < 240) {
          double rps = step.rps(Duration.between(start, Instant.now()));
          hpa.sample(admin, "web-hpa", rps);
          specops.sample(admin, "web-specops", rps);
          Thread.sleep(2000);
        }
        System.out.println(
            "side by side on one control plane: 100 -> 300 rps at 30 s, -> 60 rps at 150 s;"
                + " sampled every 2 s for 240 s");
        System.out.printf(
            "  %-48s %8s %9s %10s %12s %8s%n",
            "controller", "max", "final", "pod-min", "over 70% s", "changes");
        for (Tally t : List.of(hpa, specops)) {
          System.out.println(t.row());
        }
        System.out.printf(
            "  ratio SpecOps / HPA: pod-minutes %.2f, seconds over 70%% %s%n",
            specops.podSeconds / hpa.podSeconds,
            hpa.hotSeconds == 0
                ? "(HPA 0)"
                : String.format("%.2f", specops.hotSeconds / (double) hpa.hotSeconds));
        assertThat(hpa.max).as("the real HPA scaled out on metrics.k8s.io").isGreaterThan(2);
        assertThat(specops.max).as("SpecOps scaled out").isGreaterThan(2);
        assertThat(hpa.max).isLessThanOrEqualTo(10);
        assertThat(specops.max).isLessThanOrEqualTo(10);
        // metrics.k8s.io has no latency: judged on what it measures, not left `partial` for it
        assertThat(latencyChecks(work.resolve("audit")))
            .as("the latency check of every verification")
            .isNotEmpty()
            .containsOnly("not_measured");
      }
    }
  }

  /** The status of the latency_p95 check of each verification record in the audit log. */
  private static List<String> latencyChecks(Path audit) throws IOException {
    List<String> statuses = new ArrayList<>();
    for (JsonNode r : CrashDrill.auditRecords(audit, "verification")) {
      for (JsonNode check : r.path("checks")) {
        if (check.path("check").asText().equals("latency_p95")) {
          statuses.add(check.path("status").asText());
        }
      }
    }
    return statuses;
  }

  private static HorizontalPodAutoscaler hpa(String name) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(name)
        .endScaleTargetRef()
        .withMinReplicas(2)
        .withMaxReplicas(10)
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(50)
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }

  /**
   * The same target as the HPA (50% cpu, 2-10 pods), SpecOps' seed-style thresholds, in namespace
   * side.
   */
  static String blueprint(String name) {
    return """
        metadata:
          name: %s
          namespace: side
        spec:
          scaling:
            min_replicas: 2
            max_replicas: 10
            target_cpu_utilization: 50%%
            scale_up_threshold: 70%%
            scale_down_threshold: 30%%
            max_step: 4
            cooldown: {scale_up: 15s, scale_down: 60s}
          resources:
            cpu_request: 100m
            memory_request: 128Mi
          performance:
            latency_p95_target: 200ms
          evaluation:
            interval: 5s
            weights: {cpu: 1.0, memory: 0, latency: 0}
          metrics:
            source: kubernetes
            max_age: 30s
        """
        .formatted(name);
  }

  /** One controller's copy over the run: pod-seconds, seconds its ready pods ran over 70%. */
  private static final class Tally {
    final String name;
    int max;
    int last = -1;
    int changes;
    double podSeconds;
    int hotSeconds;

    Tally(String name) {
      this.name = name;
    }

    void sample(KubernetesClient admin, String deployment, double rps) {
      Deployment d = admin.apps().deployments().inNamespace(NS).withName(deployment).get();
      int replicas = d.getSpec().getReplicas();
      int ready =
          d.getStatus() == null || d.getStatus().getReadyReplicas() == null
              ? 0
              : d.getStatus().getReadyReplicas();
      if (last >= 0 && replicas != last) {
        changes++;
      }
      last = replicas;
      max = Math.max(max, replicas);
      podSeconds += 2.0 * replicas;
      if (ready == 0 || rps / (ready * CAPACITY_PER_POD) > 0.70) {
        hotSeconds += 2;
      }
    }

    String row() {
      return String.format(
          "  %-48s %8d %9d %10.1f %12d %8d", name, max, last, podSeconds / 60, hotSeconds, changes);
    }
  }
}
