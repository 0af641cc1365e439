package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.client.FleetClient;
import io.specops.simulation.Scenario;
import io.specops.simulation.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole workers whose clocks disagree, as hosts with a broken NTP have them: the first worker runs
 * under libfaketime 15 minutes ahead of the Temporal server's and the cluster's clocks, or behind
 * them (every clock read in that JVM is off: its own, the SDK's, fabric8's), the second keeps the
 * right time. The skewed worker must decide on fresh metrics, scale out and keep its operation, and
 * say once which clock is off; when it dies, the worker on time takes its watch over and must go on
 * watching the service: the watch's progress carried the first worker's times, and a service "due
 * in 5 s" on a clock 15 minutes ahead was not evaluated for 15 minutes (RELIABILITY.md, "Clock
 * skew, end to end").
 */
class SkewedWorkerClockKubeIT {
  static final String NS = HpaSideBySideKubeIT.NS;
  static final String SERVICE = "web";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  /**
   * {@code skew} is how far the first worker's clock is ahead of the others' (negative: behind).
   */
  @ParameterizedTest(name = "skewed {0}")
  @ValueSource(strings = {"PT15M", "-PT15M"})
  void aSkewedWorkerScalesAndTheWorkerOnTimeTakesItsWatchOver(Duration skew) throws Exception {
    Path scenarioFile = work.resolve("skew.yaml");
    Files.writeString(scenarioFile, scenario());
    Scenario scenario = ScenarioLoader.load(scenarioFile.toString());
    Instant began = Instant.now();
    int port = TestWorker.freePort();
    try (ExternalProcess server =
            RealTemporalIT.devServer(
                Tools.temporal(), port, TestWorker.freePort(), work.resolve("temporal.db"));
        KubeDrillCluster cluster = KubeDrillCluster.start(scenario, work, NS)) {
      Path blueprints = Files.createDirectories(work.resolve("blueprints"));
      Files.writeString(
          blueprints.resolve(SERVICE + ".yaml"), HpaSideBySideKubeIT.blueprint(SERVICE));
      Path audit = work.resolve("audit");
      List<String> args = CrashDrill.workerArgs("127.0.0.1:" + port, blueprints, audit);
      Map<String, String> skewedEnv = new HashMap<>(cluster.workerEnv());
      skewedEnv.putAll(Tools.clockAhead(skew));
      KubernetesClient admin = cluster.kube().admin();
      WorkerProcess onTime = null;
      try (WorkerProcess skewed =
          WorkerProcess.start(args, skewedEnv, work.resolve("skewed.log"))) {
        skewed.awaitStarted(Duration.ofSeconds(120));
        FleetClient client = DashboardIT.client("127.0.0.1:" + port);
        client.startFleet("default", null, blueprints.toString(), null, null);
        // 2 pods at 50% (100 rps), then 300 rps: 150% of two pods' cpu, 6 pods at the target
        cluster.setLoad(SERVICE, t -> 300);
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(
                () ->
                    assertThat(keptOperation(audit))
                        .as(
                            "a scale-up kept (verified, or partial: metrics.k8s.io has no"
                                + " latency)\n%s",
                            tail(Files.readString(skewed.log())))
                        .isNotNull());
        String skewedLog = Files.readString(skewed.log());
        // the skewed worker's decisions (its watch's and its workflows') on Temporal's clock: its
        // watch wrote its own 15 minutes off before
        Instant until = Instant.now();
        assertThat(CrashDrill.auditRecords(audit, "decision"))
            .as("decision records")
            .isNotEmpty()
            .allSatisfy(
                r ->
                    assertThat(Instant.parse(r.path("timestamp").asText()))
                        .as("%s", r.path("decision_id").asText())
                        .isBetween(began.minusSeconds(60), until.plusSeconds(60)));
        assertThat(CrashDrill.AuditRead.of(audit).outcomeCounts().keySet())
            .as("nothing rolled back or failed")
            .isSubsetOf("verified", "partial");
        int peak = replicas(admin);
        assertThat(peak).as("scaled out, within the blueprint's bounds").isBetween(3, 10);
        assertThat(skewedLog)
            .as("the worker names the clock that is off, measured from the API server's answers")
            // the Date headers it is measured from say whole seconds: 14m59s to 15m1s
            .containsPattern(
                "Kubernetes API server .* is (14m59s|15m|15m1s) "
                    + (skew.isNegative() ? "ahead of" : "behind")
                    + " this worker's");

        // the worker on time joins; the skewed one dies; the load falls to 40 rps (7% of 6 pods)
        onTime = WorkerProcess.start(args, cluster.workerEnv(), work.resolve("on-time.log"));
        onTime.awaitStarted(Duration.ofSeconds(120));
        skewed.kill();
        Instant killed = Instant.now();
        cluster.setLoad(SERVICE, t -> 40);
        await()
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(
                () ->
                    assertThat(replicas(admin))
                        .as(
                            "the watch, taken over by the worker on time, saw the load fall and the"
                                + " service scaled in within 4 minutes of the kill (%s)",
                            Duration.between(killed, Instant.now()))
                        .isLessThan(peak));
        assertThat(replicas(admin)).isBetween(2, peak - 1);
      } finally {
        if (onTime != null) {
          onTime.close();
        }
      }
    }
  }

  private static int replicas(KubernetesClient admin) {
    return admin
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(SERVICE)
        .get()
        .getSpec()
        .getReplicas();
  }

  /** The first operation the audit log records as kept (verified or partial), or null. */
  private static String keptOperation(Path audit) throws IOException {
    CrashDrill.AuditRead read = CrashDrill.AuditRead.of(audit);
    return read.outcomes().entrySet().stream()
        .filter(e -> e.getValue().equals("verified") || e.getValue().equals("partial"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }

  /** One service of two pods (100m cpu, 100 rps at 100 % each) on a node with room for 20. */
  private static String scenario() {
    return """
        name: skewed-worker-clock
        description: "one service scaled by a worker whose clock is 15 minutes off"
        startup_delay: 1s
        pod_metrics_resolution: 1s
        nodes:
          - {name: node-1, cpu: "2", memory: 16Gi}
        services:
          - {name: web, namespace: side, replicas: 2, cpu_request: 100m, memory_request: 128Mi,
             load: {constant: 100},
             calibration: {cpu: 50%, memory: 40%, latency_p95: 100ms, latency_p50: 60ms,
                           error_rate: 0.1%}}
        """;
  }
}
