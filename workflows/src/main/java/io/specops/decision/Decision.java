package io.specops.decision;

import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;

/**
 * What the decision engine concluded for one service at one moment, with its numbers (seed 001
 * Step 4). {@code trigger} says why: reactive, predictive, saturation_guard, manual, or none.
 */
public record Decision(
    String decisionId,
    String service,
    String decisionType,
    Action action,
    int currentReplicas,
    int targetReplicas,
    String rationale,
    Double weightedUtilization,
    String trigger,
    Forecast forecast,
    Instant decidedAt,
    MetricsSnapshot observed) {

  public int step() {
    return Math.abs(targetReplicas - currentReplicas);
  }

  public Decision withId(String id) {
    return new Decision(id, service, decisionType, action, currentReplicas, targetReplicas, rationale,
        weightedUtilization, trigger, forecast, decidedAt, observed);
  }

  public Decision withoutObservation() {
    return new Decision(decisionId, service, decisionType, action, currentReplicas, targetReplicas, rationale,
        weightedUtilization, trigger, forecast, decidedAt, null);
  }

  /** A prediction that informed the decision (seed 002): the forecast utilization and its horizon. */
  public record Forecast(double emaUtilization, double trendFactor, double predictedUtilization, String horizon) {}
}
