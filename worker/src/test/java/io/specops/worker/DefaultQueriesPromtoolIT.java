package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.metrics.PrometheusQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SpecOps' default PromQL, evaluated by Prometheus's own engine ({@code promtool test rules}) over
 * the series a real namespace holds: the service's pods, named as the Deployment controller names
 * them, beside those of Deployments whose names start with the service's ({@code
 * todo-frontend-canary}, {@code todo-frontend-worker}), which busy pods of their own must not be
 * counted as the frontend's. Each frontend pod uses 0.25 cores of its 0.5-core request (50 %) and
 * 64Mi of its 128Mi, each other pod 0.5 cores and 512Mi: numbers a binary fraction holds exactly,
 * as promtool compares exactly.
 */
class DefaultQueriesPromtoolIT {
  @TempDir Path work;

  static final List<String> FRONTEND =
      List.of("todo-frontend-5d8f7c9b4-x2k9p", "todo-frontend-b7-qzt4v");
  static final List<String> OTHERS =
      List.of("todo-frontend-canary-6c4d7f8b9-b7q4z", "todo-frontend-worker-7f9d6-k2m4x");

  @Test
  void theDefaultQueriesReadTheDeploymentsOwnPodsOnly() throws Exception {
    Blueprint frontend = TestBlueprints.frontend();
    assertThat(promtool(frontend, FRONTEND, OTHERS, List.of(), List.of())).contains("SUCCESS");
  }

  /**
   * A frontend pod being deleted (a scale-down's, draining: no cpu, no memory) is left out of the
   * utilization, as the HPA leaves it out; counted, it read 33 % where the serving pods run at 50
   * %.
   */
  @Test
  void aPodBeingDeletedIsLeftOutOfTheUtilization() throws Exception {
    assertThat(
            promtool(
                TestBlueprints.frontend(),
                FRONTEND,
                OTHERS,
                List.of("todo-frontend-5d8f7c9b4-d2r5w"),
                List.of()))
        .contains("SUCCESS");
  }

  /**
   * Frontend pods a node's memory pressure evicted (phase Failed: no containers, but kept, with
   * their requests in kube-state-metrics, until the pod garbage collector removes them, by default
   * only past 12 500 finished pods) are left out of the utilization, as the HPA leaves them out;
   * counted, two of them read 25 % where the serving pods run at 50 %, and a loaded service would
   * not have been scaled up.
   */
  @Test
  void anEvictedPodIsLeftOutOfTheUtilization() throws Exception {
    assertThat(
            promtool(
                TestBlueprints.frontend(),
                FRONTEND,
                OTHERS,
                List.of(),
                List.of("todo-frontend-5d8f7c9b4-e8v3n", "todo-frontend-5d8f7c9b4-h4w7c")))
        .contains("SUCCESS");
  }

  /**
   * A frontend pod still Pending (scheduled, its image pulling: kube-state-metrics exports its
   * requests, cAdvisor has no container yet) and one Running but not Ready (its readiness probe
   * waits for the warm-up, which uses 0.125 cores and 32Mi) are left out of the utilization and the
   * demand: the decision engine counts pods not ready yet as idle itself, as the HPA does. Counted,
   * they read 31.25 % where the serving pods run at 50 % (and the engine's own discount for the two
   * starting pods came on top), and the demand 0.625 cores where the serving pods use 0.5.
   */
  @Test
  void podsNotReadyYetAreLeftOutOfTheUtilizationAndTheDemand() throws Exception {
    assertThat(
            promtool(
                TestBlueprints.frontend(),
                FRONTEND,
                OTHERS,
                List.of(),
                List.of(),
                false,
                List.of("todo-frontend-5d8f7c9b4-p6n2t"),
                List.of("todo-frontend-5d8f7c9b4-s9k3m")))
        .contains("SUCCESS");
  }

  /**
   * A native sidecar (a mesh proxy as an init container with restartPolicy Always) runs beside the
   * app, and cAdvisor reports its usage with the containers': its requests count too, as the HPA
   * counts them; a finished init container's do not. Before, the sidecar's usage was divided by the
   * app's requests alone: 62.5 % where app and proxy both run at 50 %.
   */
  @Test
  void aNativeSidecarsRequestsCountWithItsUsage() throws Exception {
    assertThat(promtool(TestBlueprints.frontend(), FRONTEND, OTHERS, List.of(), List.of(), true))
        .contains("SUCCESS");
  }

  @Test
  void aStatefulSetsQueriesReadItsOrdinalsOnly() throws Exception {
    Blueprint db =
        BlueprintParser.parse(
            "db.yaml",
            TestBlueprints.yaml("frontend")
                .replace(
                    "dependencies: [todo-backend]",
                    "dependencies: [todo-backend]\n  target: {kind: StatefulSet, name: todo-frontend}"));
    assertThat(
            promtool(
                db,
                List.of("todo-frontend-0", "todo-frontend-1"),
                List.of("todo-frontend-backup-0", "todo-frontend-5d8f7c9b4-x2k9p"),
                List.of(),
                List.of()))
        .contains("SUCCESS");
  }

  /**
   * Writes a promtool test of the blueprint's cpu, demand and memory queries over 5 minutes of
   * 15-second samples, runs it and returns what promtool printed (it exits non-zero, failing the
   * test, when a value differs). {@code leaving}: the service's pods being deleted; {@code
   * evicted}: its pods in phase Failed, whose containers are gone.
   */
  private String promtool(
      Blueprint bp,
      List<String> own,
      List<String> others,
      List<String> leaving,
      List<String> evicted)
      throws Exception {
    return promtool(bp, own, others, leaving, evicted, false);
  }

  private String promtool(
      Blueprint bp,
      List<String> own,
      List<String> others,
      List<String> leaving,
      List<String> evicted,
      boolean sidecar)
      throws Exception {
    return promtool(bp, own, others, leaving, evicted, sidecar, List.of(), List.of());
  }

  /**
   * As above; {@code sidecar}: each of the service's serving pods also runs a native sidecar using
   * 0.0625 cores of its 0.125 and 16Mi of its 32Mi (50 % too), after a finished init container that
   * asked for a whole core. {@code pending}: its pods not running yet (requests only); {@code
   * starting}: its pods running but not Ready, warming up on 0.125 cores and 32Mi.
   */
  private String promtool(
      Blueprint bp,
      List<String> own,
      List<String> others,
      List<String> leaving,
      List<String> evicted,
      boolean sidecar,
      List<String> pending,
      List<String> starting)
      throws Exception {
    // the service's own serving pods: 50 % of their cpu and memory requests, 0.5 cores in all
    double demand = own.size() * (sidecar ? 0.25 + 0.0625 : 0.25);
    Object[] expected = {"cpu", 0.5, "demand", demand, "memory", 0.5};
    StringBuilder series = new StringBuilder();
    for (String pod : own) {
      series.append(pod(pod, 0.25 * 15, 64 * 1024 * 1024));
      if (sidecar) {
        series.append(sidecars(pod));
      }
    }
    for (String pod : others) {
      series.append(pod(pod, 0.5 * 15, 512 * 1024 * 1024));
    }
    for (String pod : evicted) {
      series.append(requests(pod, "Failed", false));
    }
    for (String pod : pending) {
      series.append(requests(pod, "Pending", false));
    }
    for (String pod : starting) {
      series.append(pod(pod, 0.125 * 15, 32 * 1024 * 1024, false));
    }
    for (String pod : leaving) {
      series.append(pod(pod, 0, 0));
      series.append(
          """
                - series: 'kube_pod_deletion_timestamp{namespace="todo-app",pod="%s"}'
                  values: '1700000000x40'
          """
              .formatted(pod));
    }
    StringBuilder tests = new StringBuilder();
    for (int i = 0; i < expected.length; i += 2) {
      tests.append(
          """
                - expr: '%s'
                  eval_time: 5m
                  exp_samples: [{labels: '{}', value: %s}]
          """
              .formatted(
                  PrometheusQueries.forMetric(bp, (String) expected[i]),
                  String.format(Locale.ROOT, "%.6f", (Double) expected[i + 1])));
    }
    Path file = work.resolve("queries-test.yaml");
    Files.writeString(
        file,
        """
        evaluation_interval: 15s
        tests:
          - interval: 15s
            input_series:
        %s
            promql_expr_test:
        %s
        """
            .formatted(series.toString().stripTrailing(), tests.toString().stripTrailing()));
    String printed = Tools.run(List.of(Tools.promtool(), "test", "rules", file.toString()));
    System.out.println(printed);
    return printed;
  }

  /**
   * A pod's native sidecar "proxy" (0.0625 of 0.125 cores, 16Mi of 32Mi: cAdvisor reports it as a
   * container, kube-state-metrics' requests as an init container's, restart_policy Always) and a
   * finished init container "migrate" (1 core, no restart policy).
   */
  private static String sidecars(String pod) {
    String proxy = "namespace=\"todo-app\",pod=\"" + pod + "\",container=\"proxy\"";
    String migrate = "namespace=\"todo-app\",pod=\"" + pod + "\",container=\"migrate\"";
    return """
              - series: 'container_cpu_usage_seconds_total{%1$s}'
                values: '0+0.9375x40'
              - series: 'container_memory_working_set_bytes{%1$s}'
                values: '16777216x40'
              - series: 'kube_pod_init_container_resource_requests{%1$s,resource="cpu",unit="core"}'
                values: '0.125x40'
              - series: 'kube_pod_init_container_resource_requests{%1$s,resource="memory",unit="byte"}'
                values: '33554432x40'
              - series: 'kube_pod_init_container_info{%1$s,image="proxy:1",restart_policy="Always"}'
                values: '1x40'
              - series: 'kube_pod_init_container_resource_requests{%2$s,resource="cpu",unit="core"}'
                values: '1x40'
              - series: 'kube_pod_init_container_resource_requests{%2$s,resource="memory",unit="byte"}'
                values: '1073741824x40'
              - series: 'kube_pod_init_container_info{%2$s,image="migrate:1"}'
                values: '1x40'
        """
        .formatted(proxy, migrate);
  }

  /**
   * A running pod's cAdvisor and kube-state-metrics series: cpu seconds per 15 s, bytes, requests
   * of 0.5 cores and 128Mi.
   */
  private static String pod(String pod, double cpuSecondsPerSample, long memoryBytes) {
    return pod(pod, cpuSecondsPerSample, memoryBytes, true);
  }

  /** As above, Ready or not. */
  private static String pod(
      String pod, double cpuSecondsPerSample, long memoryBytes, boolean ready) {
    return """
              - series: 'container_cpu_usage_seconds_total{%1$s}'
                values: '0+%2$sx40'
              - series: 'container_memory_working_set_bytes{%1$s}'
                values: '%3$dx40'
        """
            .formatted(
                containerLabels(pod),
                String.format(Locale.ROOT, "%.4f", cpuSecondsPerSample),
                memoryBytes)
        + requests(pod, "Running", ready);
  }

  /**
   * kube-state-metrics' series of a pod in {@code phase}: its requests (0.5 cores, 128Mi), which it
   * exports whatever the phase, one phase series per phase, 1 for the pod's own, and one Ready
   * series per condition status, 1 for the pod's own.
   */
  private static String requests(String pod, String phase, boolean ready) {
    StringBuilder series =
        new StringBuilder(
            """
                  - series: 'kube_pod_container_resource_requests{%1$s,resource="cpu",unit="core"}'
                    values: '0.5x40'
                  - series: 'kube_pod_container_resource_requests{%1$s,resource="memory",unit="byte"}'
                    values: '134217728x40'
            """
                .formatted(containerLabels(pod)));
    for (String each : List.of("Pending", "Running", "Succeeded", "Failed", "Unknown")) {
      series.append(
          """
                - series: 'kube_pod_status_phase{namespace="todo-app",pod="%s",phase="%s"}'
                  values: '%dx40'
          """
              .formatted(pod, each, each.equals(phase) ? 1 : 0));
    }
    for (String condition : List.of("true", "false", "unknown")) {
      series.append(
          """
                - series: 'kube_pod_status_ready{namespace="todo-app",pod="%s",condition="%s"}'
                  values: '%dx40'
          """
              .formatted(pod, condition, condition.equals(ready ? "true" : "false") ? 1 : 0));
    }
    return series.toString();
  }

  private static String containerLabels(String pod) {
    return "namespace=\"todo-app\",pod=\"" + pod + "\",container=\"app\"";
  }
}
