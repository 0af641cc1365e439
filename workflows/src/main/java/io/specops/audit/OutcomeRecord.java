package io.specops.audit;

/**
 * How a scaling decision ended, one record per decision: verified, partial, rolled_back, failed (the scale call failed; nothing changed),
 * planned (dry run), denied, skipped (breaker open, or paused), deferred, rejected, expired,
 * obsolete. Lets a reader check that no decision was left without an end.
 */
public record OutcomeRecord(String decisionId, String service, String action, int fromReplicas, int toReplicas,
    String outcome) {}
