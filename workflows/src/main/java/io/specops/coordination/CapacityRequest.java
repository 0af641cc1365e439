package io.specops.coordination;

import io.specops.decision.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service asks its coordinator to run an operation: what it needs from the cluster (the requests
 * of the replicas it adds; negative for a scale-down), and what the coordinator orders conflicts by
 * (criticality, priority, degraded state, size, arrival).
 */
public record CapacityRequest(
    String service,
    String workflowId,
    String decisionId,
    Action action,
    int currentReplicas,
    int targetReplicas,
    long cpuMillis,
    long memoryBytes,
    String priority,
    String criticality,
    boolean degraded,
    String degradedReason,
    List<String> dependencies,
    String breakerState,
    Instant lastOperationAt,
    Instant requestedAt,
    Map<String, Double> shared) {

  public CapacityRequest(
      String service,
      String workflowId,
      String decisionId,
      Action action,
      int currentReplicas,
      int targetReplicas,
      long cpuMillis,
      long memoryBytes,
      String priority,
      String criticality,
      boolean degraded,
      String degradedReason,
      List<String> dependencies,
      String breakerState,
      Instant lastOperationAt,
      Instant requestedAt) {
    this(
        service,
        workflowId,
        decisionId,
        action,
        currentReplicas,
        targetReplicas,
        cpuMillis,
        memoryBytes,
        priority,
        criticality,
        degraded,
        degradedReason,
        dependencies,
        breakerState,
        lastOperationAt,
        requestedAt,
        null);
  }

  /** What the operation adds to the fleet's shared resources (negative: releases), by name. */
  @Override
  public Map<String, Double> shared() {
    return shared == null ? Map.of() : shared;
  }
}
