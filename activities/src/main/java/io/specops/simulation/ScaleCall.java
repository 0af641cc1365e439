package io.specops.simulation;

import java.time.Instant;

/** A change of a Deployment's replicas as the simulated API server received it. */
public record ScaleCall(
    Instant at,
    String namespace,
    String name,
    Integer replicas,
    String operationId,
    String method,
    int status) {}
