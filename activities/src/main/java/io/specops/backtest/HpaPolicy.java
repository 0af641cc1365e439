package io.specops.backtest;

import io.specops.blueprint.Blueprint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Kubernetes HPA's algorithm on CPU utilization, as the controller implements it
 * (kubernetes/kubernetes pkg/controller/podautoscaler: replica_calculator.go GetResourceReplicas,
 * horizontal.go stabilizeRecommendationWithBehaviors and normalizeDesiredReplicasWithBehaviors;
 * autoscaling/v2 defaults; docs/backtest.md, the "hpa" policy):
 *
 * <ul>
 *   <li>sync every 15 s; ratio = utilization / target; no change while |1 - ratio| <= 0.1;
 *   <li>desired = ceil(ratio x ready pods); pods not ready yet count as 0% on scale-up, and if that
 *       brings the ratio within tolerance or flips its direction, no change; on scale-down
 *       not-ready pods are left out;
 *   <li>stabilization: the result is the current count clamped between the lowest recommendation of
 *       the scale-up window (0 s) and the highest of the scale-down window (300 s);
 *   <li>rate limits: up by at most max(4 pods, 100%) per 15 s; down by at most 100% per 15 s;
 *   <li>clamped to [min, max] replicas.
 * </ul>
 */
public final class HpaPolicy implements Policy {
  static final double TOLERANCE = 0.1;
  static final double DOWN_WINDOW_SECONDS = 300;

  private final double target;
  private final int min;
  private final int max;
  private final Deque<double[]> recommendations = new ArrayDeque<>();

  public HpaPolicy(double targetCpuUtilization, int minReplicas, int maxReplicas) {
    this.target = targetCpuUtilization;
    this.min = minReplicas;
    this.max = maxReplicas;
  }

  /** The HPA a blueprint's scaling section would configure: its CPU target and replica bounds. */
  public static HpaPolicy forBlueprint(Blueprint bp) {
    Blueprint.Scaling s = bp.spec().scaling();
    return new HpaPolicy(s.targetCpuUtilization(), s.minReplicas(), s.maxReplicas());
  }

  @Override
  public String name() {
    return "hpa";
  }

  @Override
  public Duration period() {
    return Duration.ofSeconds(15);
  }

  @Override
  public int decide(Observation o) {
    int current = o.desired();
    Double cpu = o.metrics() == null ? null : o.metrics().cpuUtilization();
    if (cpu == null || o.ready() == 0) {
      return current; // no metrics: the controller does not scale
    }
    int recommendation = replicas(current, o.ready(), Math.max(0, current - o.ready()), cpu);
    return normalize(o.t(), current, recommendation);
  }

  /** replica_calculator.go: desired replicas from the ready pods' average utilization. */
  int replicas(int current, int ready, int unready, double averageUtilizationOfReady) {
    double ratio = averageUtilizationOfReady / target;
    boolean scaleUp = ratio > 1.0;
    if (unready == 0 || !scaleUp) {
      if (Math.abs(1.0 - ratio) <= TOLERANCE) {
        return current;
      }
      return (int) Math.ceil(ratio * ready);
    }
    // not-ready pods count as using nothing, so their start-up does not cause a second scale-up
    double newRatio = averageUtilizationOfReady * ready / (target * (ready + unready));
    if (Math.abs(1.0 - newRatio) <= TOLERANCE || newRatio < 1.0) {
      return current;
    }
    int desired = (int) Math.ceil(newRatio * (ready + unready));
    return Math.max(desired, current); // never down while the ratio says up
  }

  /**
   * horizontal.go: stabilization windows, then the default rate-limit policies, then the bounds.
   */
  int normalize(double t, int current, int recommendation) {
    recommendations.addLast(new double[] {t, recommendation});
    while (!recommendations.isEmpty() && recommendations.peekFirst()[0] < t - DOWN_WINDOW_SECONDS) {
      recommendations.removeFirst();
    }
    int upRecommendation = recommendation; // the scale-up window is 0 s: only the newest counts
    int downRecommendation = recommendation;
    for (double[] r : recommendations) {
      downRecommendation = Math.max(downRecommendation, (int) r[1]);
    }
    int stabilized = current;
    if (stabilized < upRecommendation) {
      stabilized = upRecommendation;
    }
    if (stabilized > downRecommendation) {
      stabilized = downRecommendation;
    }
    int upLimit = current + Math.max(4, current); // max(4 pods, 100%) per 15 s
    int downLimit = 0; // 100% of the current count per 15 s: down to none, then the bounds
    stabilized = Math.min(stabilized, upLimit);
    stabilized = Math.max(stabilized, downLimit);
    return Math.max(min, Math.min(max, stabilized));
  }
}
