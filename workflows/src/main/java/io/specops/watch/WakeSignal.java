package io.specops.watch;

import java.time.Instant;

/**
 * A watcher telling a service workflow that its evaluation calls for an operation: it evaluates
 * again and acts.
 */
public record WakeSignal(
    String reason,
    String action,
    int currentReplicas,
    int targetReplicas,
    String rationale,
    Instant evaluatedAt) {}
