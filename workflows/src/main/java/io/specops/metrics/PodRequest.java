package io.specops.metrics;

/**
 * What one pod of the workload requests, as the scheduler counts it (containers, native sidecars,
 * init steps, overhead), read from the workload's pod template. The cluster reserves this for each
 * replica, whatever the blueprint's {@code spec.resources} says.
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
