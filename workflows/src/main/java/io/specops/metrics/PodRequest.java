package io.specops.metrics;

/**
 * What one pod of the workload requests, in millicores and bytes. As a snapshot's {@code
 * pod_request}: as the scheduler counts it (containers, native sidecars, init steps, overhead),
 * what the cluster reserves for each replica whatever the blueprint's {@code spec.resources} says;
 * as its {@code serving}: its containers' and native sidecars' alone, what its utilization divides
 * by.
 */
public record PodRequest(long cpuMillis, long memoryBytes) {

  /** Per replica, what asking for room must count: the larger of the blueprint's and the pods'. */
  public static long cpuMillis(long blueprint, PodRequest observed) {
    return observed == null ? blueprint : Math.max(blueprint, observed.cpuMillis());
  }

  public static long memoryBytes(long blueprint, PodRequest observed) {
    return observed == null ? blueprint : Math.max(blueprint, observed.memoryBytes());
  }
}
