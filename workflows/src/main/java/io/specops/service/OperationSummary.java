package io.specops.service;

import io.specops.decision.Action;
import java.time.Instant;

/** The last operation a service ran, and how it ended. */
public record OperationSummary(
    String decisionId,
    Action action,
    int fromReplicas,
    int toReplicas,
    OperationResult outcome,
    Instant startedAt,
    Instant endedAt) {}
