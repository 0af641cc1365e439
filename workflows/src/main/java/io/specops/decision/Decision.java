package io.specops.decision;

import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;

/**
 * What the decision engine concluded for one service at one moment, with its numbers (seed 001 Step
 * 4). {@code trigger} says why: reactive, predictive, saturation_guard, manual, or none.
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

  /**
   * Why a decision was made: its rationale, the weighted utilization, the trigger and what the
   * forecast saw.
   */
  public record Basis(
      String rationale, Double weightedUtilization, String trigger, Forecast forecast) {
    public static Basis of(String rationale, String trigger) {
      return new Basis(rationale, null, trigger, null);
    }
  }

  /** No action at {@code replicas} (decision_type {@code no_action}). */
  public static Decision noAction(
      String id, String service, int replicas, Basis why, Instant at, MetricsSnapshot observed) {
    return new Decision(
        id,
        service,
        "no_action",
        Action.NO_ACTION,
        replicas,
        replicas,
        why.rationale(),
        why.weightedUtilization(),
        why.trigger(),
        why.forecast(),
        at,
        observed);
  }

  /** Scale from {@code current} to {@code target} (decision_type {@code scaling}). */
  public static Decision scaling(
      String id,
      String service,
      Action action,
      int current,
      int target,
      Basis why,
      Instant at,
      MetricsSnapshot observed) {
    return new Decision(
        id,
        service,
        "scaling",
        action,
        current,
        target,
        why.rationale(),
        why.weightedUtilization(),
        why.trigger(),
        why.forecast(),
        at,
        observed);
  }

  public int step() {
    return Math.abs(targetReplicas - currentReplicas);
  }

  public Decision withId(String id) {
    return new Decision(
        id,
        service,
        decisionType,
        action,
        currentReplicas,
        targetReplicas,
        rationale,
        weightedUtilization,
        trigger,
        forecast,
        decidedAt,
        observed);
  }

  public Decision withoutObservation() {
    return new Decision(
        decisionId,
        service,
        decisionType,
        action,
        currentReplicas,
        targetReplicas,
        rationale,
        weightedUtilization,
        trigger,
        forecast,
        decidedAt,
        null);
  }

  /**
   * What the decision saw ahead. Model "ema" (seed 002): the EMA of the weighted utilization, its
   * trend factor and the predicted utilization at {@code horizon}. Model "forecast"
   * (docs/forecasting.md): demand in {@code unit} now, its level, trend per minute (relative),
   * seasonal component, the peak over the horizon and its upper bound with the headroom and
   * coverage behind it, and the replicas that upper bound needs.
   */
  public record Forecast(
      Double emaUtilization,
      Double trendFactor,
      Double predictedUtilization,
      String horizon,
      String model,
      String unit,
      Double current,
      Double level,
      Double trendPerMinute,
      Double seasonal,
      Double peak,
      Double upperPeak,
      Double headroom,
      Double coverage,
      Integer replicasForPeak) {

    public static Forecast ema(
        double emaUtilization, double trendFactor, double predictedUtilization, String horizon) {
      return new Forecast(
          emaUtilization,
          trendFactor,
          predictedUtilization,
          horizon,
          "ema",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }
  }
}
