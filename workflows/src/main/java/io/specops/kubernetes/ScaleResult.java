package io.specops.kubernetes;

import java.time.Instant;

/**
 * What the scale call did (seed 001 Step 7): the replicas before and after, the workload's
 * resourceVersion after the change, timings, and a kubectl-like message. {@code outcome} is {@code
 * scaled}, {@code already_scaled} (a retry of the same operation) or {@code planned} (dry run).
 */
public record ScaleResult(
    String operationId,
    ScaleOutcome outcome,
    int previousReplicas,
    int targetReplicas,
    String resourceVersion,
    Instant startedAt,
    Instant completedAt,
    String message) {}
