package io.specops.service;

import io.specops.decision.Action;
import io.specops.governance.Classification;
import java.time.Instant;

/**
 * A decision as the status query and the dashboard show it, with what became of it ({@link
 * DecisionOutcome}).
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
    DecisionOutcome outcome,
    Instant decidedAt) {

  public DecisionSummary withOutcome(DecisionOutcome newOutcome) {
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
