package io.specops.service;

import io.specops.decision.Action;
import io.specops.governance.Classification;
import java.time.Instant;

/**
 * A decision as the status query and the dashboard show it, with what became of it: no_action,
 * denied, pending_approval, rejected, expired, deferred, executed, verified, partial, rolled_back,
 * failed, planned (dry run), skipped (breaker open), obsolete (no longer needed after approval).
 */
public record DecisionSummary(
    String decisionId,
    Action action,
    int currentReplicas,
    int targetReplicas,
    Double weightedUtilization,
    String trigger,
    String rationale,
    Classification classification,
    String outcome,
    Instant decidedAt) {

  public DecisionSummary withOutcome(String newOutcome) {
    return new DecisionSummary(
        decisionId,
        action,
        currentReplicas,
        targetReplicas,
        weightedUtilization,
        trigger,
        rationale,
        classification,
        newOutcome,
        decidedAt);
  }
}
