package io.specops.backtest;

import io.specops.blueprint.Blueprint;
import io.specops.metrics.Metrics;
import io.specops.simulation.LoadProfile;
import io.specops.simulation.ServiceModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A discrete-time replay of a request-rate trace against one service, for several policies in the
 * same run. Every 15 s: the offered load is the trace's; ready pods serve it through the simulated
 * cluster's load model (utilization = load / (ready x capacity per replica)); each policy decides
 * on its own period; new pods become ready after the start-up delay; removed pods go at once
 * (not-ready first). A step is an SLO violation when utilization exceeds 100% or p95 exceeds the
 * blueprint's target. No Temporal: this is the decision code alone, fast.
 */
public final class Backtest {
  public static final Duration STEP = Duration.ofSeconds(15);

  /** The result for one policy; {@code forecast} only for a policy that forecasts. */
  public record Result(
      String policy,
      double sloViolationMinutes,
      double replicaMinutes,
      int scaleEvents,
      int peakReplicas,
      Elasticity elasticity,
      ForecastAccuracy forecast,
      List<Sample> samples) {}

  /**
   * The forecaster's own accuracy over the run: MASE (mean absolute error over the naive
   * forecast's, below 1 is better) one and two minutes ahead, against the last value and against
   * the same time yesterday, and the share of minutes within its one-step upper bound.
   */
  public record ForecastAccuracy(
      double maseNaive1,
      double maseNaive2,
      Double maseSeasonal1,
      Double maseSeasonal2,
      double coverage,
      double coverageTarget) {}

  /** One step, for the chart. */
  public record Sample(double t, double rps, int replicas, int ready, boolean violation) {}

  private final Blueprint blueprint;
  private final LoadProfile.Trace trace;
  private final double capacityPerReplica;
  private final Duration startup;
  private final ServiceModel model;

  public Backtest(
      Blueprint blueprint, LoadProfile.Trace trace, double capacityPerReplica, Duration startup) {
    this.blueprint = blueprint;
    this.trace = trace;
    this.capacityPerReplica = capacityPerReplica;
    this.startup = startup;
    this.model = model(blueprint, capacityPerReplica);
  }

  /**
   * The default capacity per replica: the trace's median load needs 4 replicas at the blueprint's
   * target CPU utilization (a "handful"): capacity = median rps / (4 x target).
   */
  public static double defaultCapacity(LoadProfile.Trace trace, Blueprint bp) {
    return Math.max(1e-6, trace.median() / (4 * bp.spec().scaling().targetCpuUtilization()));
  }

  /**
   * The backtest's service model: p95 at the target utilization is 60% of the blueprint's p95
   * target, memory follows load, the error rate is 0.1% below saturation.
   */
  static ServiceModel model(Blueprint bp, double capacity) {
    double target = bp.spec().scaling().targetCpuUtilization();
    double p95AtTarget = 0.6 * bp.spec().performance().latencyP95Target().toMillis();
    return new ServiceModel(
        bp.name(), capacity, 2.0, 0.4, 0.3, p95AtTarget / (1 + 0.6 * target * target), 0.6, 0.001);
  }

  public Result run(Policy policy) {
    Blueprint.Scaling s = blueprint.spec().scaling();
    double step = STEP.toMillis() / 1000.0;
    double startupSeconds = startup.toMillis() / 1000.0;
    double end = trace.duration();
    // start where the policy would be in steady state for the first minute's load
    int initial =
        Math.max(
            s.minReplicas(),
            Math.min(
                s.maxReplicas(),
                (int) Math.ceil(trace.rpsAt(0) / (capacityPerReplica * s.targetCpuUtilization()))));
    List<Double> podStart = new ArrayList<>();
    for (int i = 0; i < initial; i++) {
      podStart.add(-startupSeconds);
    }
    int desired = initial;
    double nextDecision = 0;
    double periodSeconds = policy.period().toMillis() / 1000.0;
    double violationSeconds = 0;
    double replicaSeconds = 0;
    int events = 0;
    int peak = desired;
    List<Sample> samples = new ArrayList<>();
    for (double t = 0; t < end; t += step) {
      double rps = trace.rpsAt(t);
      int ready = countReady(podStart, t, startupSeconds);
      Metrics m = model.observe(ready, rps);
      if (t + 1e-9 >= nextDecision) {
        int wanted = policy.decide(new Policy.Observation(t, desired, ready, m, trace::rpsAt));
        wanted = Math.max(s.minReplicas(), Math.min(s.maxReplicas(), wanted));
        if (wanted != desired) {
          events++;
          if (wanted > desired) {
            for (int i = desired; i < wanted; i++) {
              podStart.add(t);
            }
          } else {
            removePods(podStart, desired - wanted);
          }
          desired = wanted;
          peak = Math.max(peak, desired);
        }
        nextDecision = t + periodSeconds;
        ready = countReady(podStart, t, startupSeconds);
        m = model.observe(ready, rps);
      }
      boolean violation =
          ready == 0
              || model.utilization(ready, rps) > 1.0
              || m.latencyP95() != null
                  && m.latencyP95() > blueprint.spec().performance().latencyP95Target().toMillis();
      if (violation) {
        violationSeconds += step;
      }
      replicaSeconds += desired * step;
      samples.add(new Sample(t, rps, desired, ready, violation));
    }
    ForecastAccuracy accuracy = null;
    if (policy instanceof SpecopsPolicy sp && sp.forecaster().accuracy().scored() > 0) {
      var a = sp.forecaster().accuracy();
      accuracy =
          new ForecastAccuracy(
              round3(a.maseVsNaive(1)),
              round3(a.maseVsNaive(2)),
              finite(a.maseVsSeasonalNaive(1)),
              finite(a.maseVsSeasonalNaive(2)),
              round3(a.coverage()),
              sp.forecaster().settings().coverage());
    }
    return new Result(
        policy.name(),
        round(violationSeconds / 60),
        round(replicaSeconds / 60),
        events,
        peak,
        Elasticity.of(samples, capacityPerReplica, step),
        accuracy,
        samples);
  }

  private static int countReady(List<Double> podStart, double t, double startupSeconds) {
    int ready = 0;
    for (double start : podStart) {
      if (t >= start + startupSeconds) {
        ready++;
      }
    }
    return ready;
  }

  /** The ReplicaSet controller removes not-ready pods first, then the newest. */
  private static void removePods(List<Double> podStart, int count) {
    podStart.sort((a, b) -> Double.compare(b, a)); // newest first: not-ready pods are the newest
    for (int i = 0; i < count && !podStart.isEmpty(); i++) {
      podStart.remove(0);
    }
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Double finite(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : round3(v);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  public LoadProfile.Trace trace() {
    return trace;
  }

  public Duration startup() {
    return startup;
  }

  public double capacityPerReplica() {
    return capacityPerReplica;
  }
}
