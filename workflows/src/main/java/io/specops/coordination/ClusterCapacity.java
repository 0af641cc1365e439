package io.specops.coordination;

/**
 * The cluster's schedulable resources: allocatable CPU (millicores) and memory (bytes) over all
 * nodes, and what the pods already request. Free = allocatable - requested.
 */
public record ClusterCapacity(
    long cpuAllocatableMillis,
    long cpuRequestedMillis,
    long memoryAllocatableBytes,
    long memoryRequestedBytes,
    String source) {

  public long cpuFreeMillis() {
    return Math.max(0, cpuAllocatableMillis - cpuRequestedMillis);
  }

  public long memoryFreeBytes() {
    return Math.max(0, memoryAllocatableBytes - memoryRequestedBytes);
  }
}
