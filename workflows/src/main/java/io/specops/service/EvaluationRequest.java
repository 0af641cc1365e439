package io.specops.service;

import io.specops.blueprint.Blueprint;
import io.specops.decision.DecisionContext;

/**
 * One evaluation: collect the service's metrics, decide, and check governance. {@code reason} says
 * why it runs (schedule, evaluate_now, after_approval, after_deferral, manual) and goes into the
 * audit records; {@code manual} is set for a manual scale request, which skips the decision engine
 * but not governance. {@code workflowRecordsScaling}: the workflow writes the audit records of a
 * decision to scale itself, after the evaluation is in its history (false in workflows started
 * before that change, whose evaluations record everything).
 */
public record EvaluationRequest(
    Blueprint blueprint,
    DecisionContext context,
    String reason,
    ScaleCommand manual,
    boolean workflowRecordsScaling) {

  public EvaluationRequest(
      Blueprint blueprint, DecisionContext context, String reason, ScaleCommand manual) {
    this(blueprint, context, reason, manual, false);
  }

  public static EvaluationRequest scheduled(
      Blueprint blueprint, DecisionContext context, String reason) {
    return new EvaluationRequest(blueprint, context, reason, null);
  }
}
