package io.specops.kubernetes;

import java.time.Instant;

/** A workload's replica counts as the Kubernetes API reports them. */
public record WorkloadState(
    int desiredReplicas,
    int readyReplicas,
    int updatedReplicas,
    String resourceVersion,
    Instant observedAt) {}
