package io.specops.coordination;

import io.specops.decision.Action;
import java.time.Instant;
import java.util.List;

/**
 * A service asks its coordinator to run an operation: what it needs from the cluster (the
 * requests of the replicas it adds; negative for a scale-down), and what the coordinator orders
 * conflicts by (criticality, priority, degraded state, size, arrival).
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
    Instant requestedAt) {}
