package io.specops.metrics;

import io.specops.blueprint.Blueprint;
import io.specops.kubernetes.PodNames;
import io.specops.kubernetes.WorkloadRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PromQL SpecOps asks per metric: defaults for cAdvisor, kube-state-metrics and an
 * http_request_duration_seconds histogram, overridable per blueprint in {@code
 * spec.metrics.queries}. {@code $namespace} and {@code $workload} are replaced by the blueprint's
 * namespace and target; {@code $pods} by a regex matching the workload's pods.
 */
public final class PrometheusQueries {
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    String pods = "namespace=\"$namespace\",pod=~\"$pods\"";
    // the utilization is the Ready pods' (they carry the load), as the HPA measures it and as the
    // decision engine reads it: it counts pods not ready yet as idle itself. kube-state-metrics
    // exports a pending pod's requests and cAdvisor a starting one's warm-up; averaged in, they
    // read as less load per pod (or warm-up as load), counted a second time. A pod being deleted
    // drains and uses next to nothing, and a finished one (evicted: Failed, kept until
    // garbage-collected) uses nothing, but kube-state-metrics still exports the requests of
    // both: left out too, as the HPA leaves them out
    String ready =
        " and on(namespace,pod) (kube_pod_status_ready{namespace=\"$namespace\",condition=\"true\"}"
            + " == 1)";
    String serving =
        ready
            + " unless on(namespace,pod) (kube_pod_deletion_timestamp{namespace=\"$namespace\"}"
            + " or kube_pod_status_phase{namespace=\"$namespace\",phase=~\"Failed|Succeeded\"}"
            + " == 1)";
    DEFAULTS.put(
        "cpu",
        "sum(rate(container_cpu_usage_seconds_total{"
            + pods
            + ",container!=\"\"}[1m])"
            + serving
            + ") / sum("
            + requests(pods, "cpu")
            + serving
            + ")");
    // the Ready pods' too, so that the history is the quantity cpu x ready pods reads now; a pod
    // being deleted is kept while it is Ready (until its readiness probe fails): what it uses
    // draining is load served
    DEFAULTS.put(
        "demand",
        "sum(rate(container_cpu_usage_seconds_total{"
            + pods
            + ",container!=\"\"}[1m])"
            + ready
            + ")");
    DEFAULTS.put(
        "memory",
        "sum(container_memory_working_set_bytes{"
            + pods
            + ",container!=\"\"}"
            + serving
            + ") / sum("
            + requests(pods, "memory")
            + serving
            + ")");
    String http = "namespace=\"$namespace\",service=\"$workload\"";
    DEFAULTS.put(
        "latency_p95",
        "1000 * histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{"
            + http
            + "}[1m])))");
    DEFAULTS.put(
        "latency_p50",
        "1000 * histogram_quantile(0.50, sum by (le) (rate(http_request_duration_seconds_bucket{"
            + http
            + "}[1m])))");
    DEFAULTS.put("throughput", "sum(rate(http_requests_total{" + http + "}[1m]))");
    DEFAULTS.put(
        "error_rate",
        "sum(rate(http_requests_total{"
            + http
            + ",code=~\"5..\"}[1m])) / sum(rate(http_requests_total{"
            + http
            + "}[1m]))");
  }

  private PrometheusQueries() {}

  /**
   * The requests of what runs in the pods: their containers', and their native sidecars' (init
   * containers with restartPolicy Always, whose usage cAdvisor reports with the containers'), as
   * the HPA counts them. A kube-state-metrics too old to have kube_pod_init_container_info's
   * restart_policy label leaves the sidecars' requests out, as they were before.
   */
  private static String requests(String pods, String resource) {
    String of = pods + ",resource=\"" + resource + "\"";
    return "(kube_pod_container_resource_requests{"
        + of
        + "} or (kube_pod_init_container_resource_requests{"
        + of
        + "} and on(namespace,pod,container) kube_pod_init_container_info{"
        + pods
        + ",restart_policy=\"Always\"}))";
  }

  /** The query for {@code metric} (cpu, memory, latency_p95, ...) for this blueprint. */
  public static String forMetric(Blueprint bp, String metric) {
    String template = bp.spec().metrics().queries().getOrDefault(metric, DEFAULTS.get(metric));
    if (template == null) {
      return null;
    }
    WorkloadRef ref = WorkloadRef.of(bp);
    return template
        .replace("$namespace", ref.namespace())
        .replace("$workload", ref.name())
        .replace("$pods", PodNames.pattern(ref));
  }
}
