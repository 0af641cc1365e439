package io.specops.audit;

import io.specops.decision.Decision;
import io.specops.metrics.MetricsSnapshot;

/**
 * A decision as the audit log shows it: the seed's fields, what triggered the evaluation, the
 * observation and what the forecast saw (the service page charts these).
 */
public record DecisionRecord(
    String decisionId,
    String service,
    String decisionType,
    String action,
    int currentReplicas,
    int targetReplicas,
    String rationale,
    Double weightedUtilization,
    String trigger,
    String evaluationReason,
    MetricsSnapshot observed,
    Decision.Forecast forecast) {

  public DecisionRecord(Decision d, String reason) {
    this(
        d.decisionId(),
        d.service(),
        d.decisionType(),
        d.action().wire(),
        d.currentReplicas(),
        d.targetReplicas(),
        d.rationale(),
        d.weightedUtilization(),
        d.trigger(),
        reason,
        d.observed(),
        d.forecast());
  }
}
