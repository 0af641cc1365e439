package io.specops.decision;

import static io.specops.blueprint.Quantities.formatDuration;
import static io.specops.blueprint.Quantities.formatPercent;

import io.specops.blueprint.Blueprint;
import io.specops.forecast.Forecaster;
import io.specops.kubernetes.QuotaCeiling;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.Forecast;
import io.specops.prediction.HistoryPoint;
import io.specops.prediction.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/**
 * Decides whether a service scales, from its blueprint and one metrics snapshot (docs/design.md
 * "The data path"; seed 001 Step 4 in docs/seeds.md). Pure and deterministic: the same inputs give
 * the same decision, so the workflows, the CLI and the backtest share it.
 *
 * <p>weighted = w_cpu*cpu + w_mem*memory + w_lat*(p95 / latency_p95_target). Above
 * scale_up_threshold it scales up, below scale_down_threshold down, to the proportional target
 * ceil(current * weighted / target_cpu_utilization), at least one step, at most max_step, within
 * [min, max]. A single saturated metric also scales up (the HPA, too, scales on the highest of its
 * metrics, not a blend). Missing or stale metrics never scale.
 */
public final class DecisionEngine {

  private static final double EPSILON = 1e-9;

  public Decision decide(Blueprint blueprint, MetricsSnapshot snapshot, DecisionContext context) {
    return decide(blueprint, snapshot, context, null);
  }

  /**
   * As above, with the service's demand forecaster (fed its history up to the previous bucket): the
   * workflows build it from the metrics source's history, the backtest feeds it as it goes. Null,
   * or too little history, leaves the reactive rules alone.
   */
  public Decision decide(
      Blueprint blueprint,
      MetricsSnapshot snapshot,
      DecisionContext context,
      Forecaster forecaster) {
    return new Evaluation(blueprint, snapshot, context, forecaster).run();
  }

  /** No action because the metrics could not be read at all; {@code why} names what failed. */
  public Decision unobservable(Blueprint blueprint, String why, DecisionContext context) {
    return Decision.noAction(
        DecisionIds.decision(blueprint.name(), context.now(), context.sequence()),
        blueprint.name(),
        0,
        Decision.Basis.of(
            "Insufficient metrics: " + why + ". No action taken.", "insufficient_metrics"),
        context.now(),
        null);
  }

  /**
   * A person's request for {@code replicas}: no engine arithmetic, but the same governance, bounds
   * and cooldown rules apply afterwards.
   */
  public Decision manual(
      Blueprint blueprint,
      MetricsSnapshot snapshot,
      int replicas,
      String requestedBy,
      String reason,
      DecisionContext context) {
    String id = DecisionIds.decision(blueprint.name(), context.now(), context.sequence());
    int current = snapshot.replicas();
    String who = requestedBy == null || requestedBy.isBlank() ? "an operator" : requestedBy;
    String why = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
    String asked = "Manual request by " + who + why;
    String askedFor = asked + " for " + replicas + " replicas";
    Function<String, Decision> unchanged =
        text ->
            Decision.noAction(
                id,
                blueprint.name(),
                current,
                Decision.Basis.of(text, "manual"),
                context.now(),
                snapshot);
    if (replicas == current) {
      return unchanged.apply(askedFor + ": already at " + current + ". No action needed.");
    }
    Action action = replicas > current ? Action.SCALE_UP : Action.SCALE_DOWN;
    // a person's request obeys the same step limit and cooldowns as the engine's decisions
    int maxStep = blueprint.spec().scaling().maxStep();
    int target =
        action == Action.SCALE_UP
            ? Math.min(replicas, current + maxStep)
            : Math.max(replicas, current - maxStep);
    String limit =
        target != replicas ? " (limited by max_step " + maxStep + "; ask again for the rest)" : "";
    QuotaCeiling quota = snapshot.quota();
    if (action == Action.SCALE_UP && quota != null && target > quota.replicas()) {
      if (quota.replicas() <= current) {
        return unchanged.apply(
            askedFor + " refused: " + quota.describe() + " admits no more pods.");
      }
      target = quota.replicas();
      limit = " (limited by " + quota.describe() + "; ask again when it has room)";
    }
    String cooldown = Cooldowns.left(blueprint, context, action);
    if (cooldown != null) {
      return unchanged.apply(askedFor + " refused: " + cooldown + ".");
    }
    return Decision.scaling(
        id,
        blueprint.name(),
        action,
        current,
        target,
        Decision.Basis.of(
            asked + ": scale from " + current + " to " + target + " replicas" + limit + ".",
            "manual"),
        context.now(),
        snapshot);
  }

  /** One evaluation: holds the inputs so the steps read as prose. */
  private static final class Evaluation {
    private final Blueprint bp;
    private final Blueprint.Scaling scaling;
    private final MetricsSnapshot snapshot;
    private final DecisionContext context;
    private final String id;
    private final int current;
    private final Forecaster forecaster;
    private Forecast forecast;
    private Decision.Forecast demandRecord;

    Evaluation(
        Blueprint bp, MetricsSnapshot snapshot, DecisionContext context, Forecaster forecaster) {
      this.forecaster = forecaster;
      this.bp = bp;
      this.scaling = bp.spec().scaling();
      this.snapshot = snapshot;
      this.context = context;
      this.id = DecisionIds.decision(bp.name(), context.now(), context.sequence());
      this.current = snapshot == null ? 0 : snapshot.replicas();
    }

    Decision run() {
      if (snapshot != null && current == 0) {
        // zero replicas is someone's decision to switch the service off (maintenance, a night
        // schedule): the HPA stops scaling such a workload too, and neither repairs it to its
        // minimum
        return noAction(
            null,
            "scaled_to_zero",
            bp.spec().target().kind()
                + " "
                + bp.spec().target().name()
                + " is scaled to zero: left there, as the Kubernetes HPA leaves a workload scaled to"
                + " zero. Scale it to "
                + scaling.minReplicas()
                + " (min_replicas) or more to resume: kubectl scale, or specops scale "
                + bp.name()
                + " "
                + scaling.minReplicas()
                + ".");
      }
      if (snapshot != null && current < scaling.minReplicas()) {
        return boundsRepair(
            Action.SCALE_UP,
            scaling.minReplicas(),
            "Replicas (" + current + ") are below min_replicas (" + scaling.minReplicas() + ")");
      }
      if (snapshot != null && current > scaling.maxReplicas()) {
        return boundsRepair(
            Action.SCALE_DOWN,
            scaling.maxReplicas(),
            "Replicas (" + current + ") are above max_replicas (" + scaling.maxReplicas() + ")");
      }
      String missing = MetricsCheck.problems(bp, snapshot, context.now());
      if (missing != null) {
        return noAction(
            null,
            "insufficient_metrics",
            "Insufficient metrics: " + missing + ". No action taken.");
      }
      Utilization u = Utilization.of(bp, snapshot);
      if (bp.spec().prediction().forecasts()) {
        DemandSizing sizing = DemandSizing.of(bp, snapshot, context.now(), forecaster);
        if (sizing != null) {
          demandRecord = sizing.record();
          return forecastPath(u, sizing);
        }
        // too little history for a confident forecast: the reactive rules alone
      } else {
        forecast = forecast(u.weighted());
      }
      return reactivePath(u);
    }

    /**
     * Sizes for the demand forecast's upper bound over one start-up plus one interval, never below
     * what the demand observed now needs; the seed's reactive rules still apply on top
     * (docs/forecasting.md).
     */
    private Decision forecastPath(Utilization u, DemandSizing sizing) {
      int reactive = 0;
      String reactiveTrigger = null;
      String reactiveWhy = null;
      if (u.weighted() > scaling.scaleUpThreshold()) {
        double pressure = Math.max(u.weighted(), u.maxPressure() * scaling.targetCpuUtilization());
        // out of the breach, not down to the target: the forecast sizes the lead, and sizing to the
        // target here was undone by the next minute's predictive scale-down (docs/backtest.md)
        reactive = replicasAt(pressure * readyShare(), scaling.scaleUpThreshold());
        reactiveTrigger = "reactive";
        reactiveWhy =
            "Weighted utilization ("
                + formatPercent(u.weighted())
                + ") exceeds scale_up_threshold ("
                + formatPercent(scaling.scaleUpThreshold())
                + ")";
      } else {
        String saturated = u.saturation(scaling.saturationGuard());
        if (saturated != null) {
          reactive = proportional(u.maxPressure() * scaling.targetCpuUtilization() * readyShare());
          reactiveTrigger = "saturation_guard";
          reactiveWhy =
              saturated
                  + " although weighted utilization ("
                  + formatPercent(u.weighted())
                  + ") is below scale_up_threshold ("
                  + formatPercent(scaling.scaleUpThreshold())
                  + ")";
        }
      }
      int want = Math.max(Math.max(sizing.forLead(), sizing.forNow()), reactive);
      if (want > current) {
        if (reactiveTrigger != null
            && reactive >= sizing.forLead()
            && reactive >= sizing.forNow()) {
          return scaleUp(u, want, reactiveTrigger, reactiveWhy + "; " + sizing.leadText());
        }
        if (sizing.forNow() >= sizing.forLead()) {
          return scaleUp(u, want, "reactive", sizing.nowText());
        }
        return scaleUp(u, want, "predictive", sizing.leadText());
      }
      if (reactiveTrigger == null && sizing.forDown() < current) {
        return scaleDown(
            u,
            sizing.forDown(),
            Math.max(0, sizing.lead().headroom()),
            true,
            "predictive",
            sizing.downText());
      }
      return noAction(u.weighted(), "forecast", sizing.holdText(current) + ". No scaling needed.");
    }

    /**
     * The seed's rules on the weighted utilization, with seed 002's EMA forecast when that model is
     * chosen.
     */
    private Decision reactivePath(Utilization u) {
      double predicted = forecast == null ? 0 : forecast.predicted();
      if (u.weighted() > scaling.scaleUpThreshold()) {
        // proportional to the largest pressure (the blend, or one metric against its own target);
        // a forecast may raise the target, never lower it
        double pressure =
            Math.max(
                Math.max(u.weighted(), predicted),
                u.maxPressure() * scaling.targetCpuUtilization());
        return scaleUp(
            u,
            proportional(pressure * readyShare()),
            "reactive",
            "Weighted utilization ("
                + formatPercent(u.weighted())
                + ") exceeds scale_up_threshold ("
                + formatPercent(scaling.scaleUpThreshold())
                + ")"
                + (predicted > u.weighted() ? forecastNote() : ""));
      }
      String saturated = u.saturation(scaling.saturationGuard());
      if (saturated != null) {
        return scaleUp(
            u,
            proportional(u.maxPressure() * scaling.targetCpuUtilization() * readyShare()),
            "saturation_guard",
            saturated
                + " although weighted utilization ("
                + formatPercent(u.weighted())
                + ") is below scale_up_threshold ("
                + formatPercent(scaling.scaleUpThreshold())
                + ")");
      }
      if (predicted > scaling.scaleUpThreshold()) {
        return scaleUp(
            u,
            proportional(predicted * readyShare()),
            "predictive",
            "Predicted weighted utilization ("
                + formatPercent(predicted)
                + " in "
                + forecast.horizonSeconds()
                + "s) crosses scale_up_threshold ("
                + formatPercent(scaling.scaleUpThreshold())
                + ") before a reactive "
                + "scale-up could be ready; now "
                + formatPercent(u.weighted())
                + forecastNote());
      }
      if (u.weighted() < scaling.scaleDownThreshold()) {
        double recentPeak = recentPeak(scaling.cooldown().scaleDown());
        if (recentPeak >= scaling.scaleDownThreshold()) {
          // as the HPA's scale-down stabilization: only a sustained low load scales down
          return noAction(
              u.weighted(),
              "stabilization",
              "Weighted utilization ("
                  + formatPercent(u.weighted())
                  + ") is below scale_down_threshold ("
                  + formatPercent(scaling.scaleDownThreshold())
                  + "), but it reached "
                  + formatPercent(recentPeak)
                  + " within the last "
                  + formatDuration(scaling.cooldown().scaleDown())
                  + " (spec.scaling.cooldown.scale_down). No scale-down until the load stays low.");
        }
        if (predicted >= scaling.scaleDownThreshold()) {
          return noAction(
              u.weighted(),
              "predictive",
              "Weighted utilization ("
                  + formatPercent(u.weighted())
                  + ") is below scale_down_threshold ("
                  + formatPercent(scaling.scaleDownThreshold())
                  + "), but the forecast ("
                  + formatPercent(predicted)
                  + " in "
                  + forecast.horizonSeconds()
                  + "s) is not"
                  + forecastNote()
                  + ". No scale-down while load is rising.");
        }
        return scaleDown(
            u,
            proportional(u.weighted()),
            0,
            false,
            "reactive",
            "Weighted utilization ("
                + formatPercent(u.weighted())
                + ") is below scale_down_threshold ("
                + formatPercent(scaling.scaleDownThreshold())
                + ")");
      }
      return noAction(
          u.weighted(),
          "none",
          "Weighted utilization ("
              + formatPercent(u.weighted())
              + ") is between scale_down_threshold ("
              + formatPercent(scaling.scaleDownThreshold())
              + ") and scale_up_threshold ("
              + formatPercent(scaling.scaleUpThreshold())
              + "). System operating within optimal range. No scaling needed.");
    }

    /**
     * The highest weighted utilization the history shows within {@code window} before now (0 with
     * no history).
     */
    private double recentPeak(Duration window) {
      double peak = 0;
      Instant from = context.now().minus(window);
      for (HistoryPoint p : context.history()) {
        if (p.weighted() != null && !p.at().isBefore(from)) {
          peak = Math.max(peak, p.weighted());
        }
      }
      return peak;
    }

    /**
     * Seed 002's forecast of the weighted utilization one start-up plus one interval ahead, or
     * null.
     */
    private Forecast forecast(double weighted) {
      Blueprint.Prediction p = bp.spec().prediction();
      if (!p.enabled() || context.history().size() + 1 < Predictor.MIN_SAMPLES) {
        return null;
      }
      List<HistoryPoint> points = new ArrayList<>(context.history());
      points.add(HistoryPoint.of(snapshot, weighted));
      Duration lead = p.startup().plus(bp.spec().evaluation().interval());
      return Predictor.forecast(
          points, HistoryPoint::weighted, "weighted_utilization", p.alpha(), lead);
    }

    private String forecastNote() {
      return " (EMA "
          + formatPercent(forecast.ema())
          + ", trend "
          + (forecast.trendFactor() >= 0 ? "+" : "")
          + Math.round(forecast.trendFactor() * 100)
          + "% over "
          + forecast.horizonSeconds()
          + "s)";
    }

    private Decision scaleUp(Utilization u, int proportional, String trigger, String why) {
      if (current >= scaling.maxReplicas()) {
        return noAction(
            u.weighted(),
            trigger,
            why
                + ", but replicas ("
                + current
                + ") are already at max_replicas ("
                + scaling.maxReplicas()
                + "). No action possible.");
      }
      if (readyShare() < 1.0 && proportional <= current) {
        return noAction(
            u.weighted(),
            trigger,
            why
                + ", but "
                + (current - snapshot.podsReady())
                + " of "
                + current
                + " pods are still starting; counted as idle (as the Kubernetes HPA does) they cover the load. "
                + "No further scaling until they are ready.");
      }
      int target = Math.max(proportional, current + 1);
      String limit = "";
      if (target > current + scaling.maxStep()) {
        target = current + scaling.maxStep();
        limit = " (limited by max_step " + scaling.maxStep() + ")";
      }
      if (target > scaling.maxReplicas()) {
        target = scaling.maxReplicas();
        limit = " (limited by max_replicas " + scaling.maxReplicas() + ")";
      }
      QuotaCeiling quota = snapshot.quota();
      if (quota != null && target > quota.replicas()) {
        if (quota.replicas() <= current) {
          return noAction(
              u.weighted(),
              "quota",
              why
                  + ", but "
                  + quota.describe()
                  + " admits no more pods. No action possible until it has room.");
        }
        target = quota.replicas();
        limit = " (limited by " + quota.describe() + ")";
      }
      String readiness = readinessNote();
      String cooldown = cooldownLeft(Action.SCALE_UP);
      if (cooldown != null) {
        return noAction(
            u.weighted(), "cooldown", why + ", but " + cooldown + ". No action until it ends.");
      }
      return scaling(
          Action.SCALE_UP,
          target,
          u.weighted(),
          trigger,
          why
              + "."
              + readiness
              + " Scaling to "
              + target
              + " replicas to reduce load"
              + limit
              + ".");
    }

    /**
     * A scale-down to {@code wanted}, held where the load spread over fewer pods would reach
     * scale_up_threshold; {@code headroom} is the forecast's (upper bound / point - 1): the
     * projection must hold at the bound too, or the next minute's noise scales right back up. When
     * the forecast sized it ({@code cpuToo}), the CPU per pod must stay under the threshold as
     * well.
     */
    private Decision scaleDown(
        Utilization u, int wanted, double headroom, boolean cpuToo, String trigger, String why) {
      if (current <= scaling.minReplicas()) {
        return noAction(
            u.weighted(),
            trigger,
            why
                + ", but replicas ("
                + current
                + ") are already at min_replicas ("
                + scaling.minReplicas()
                + "). No action possible.");
      }
      if (snapshot.podsReady() < current) {
        return noAction(
            u.weighted(),
            trigger,
            why
                + ", but "
                + (current - snapshot.podsReady())
                + " of "
                + current
                + " pods are not ready yet. No scale-down while pods start.");
      }
      int target = Math.min(wanted, current - 1);
      String limit = "";
      if (target < current - scaling.maxStep()) {
        target = current - scaling.maxStep();
        limit = " (limited by max_step " + scaling.maxStep() + ")";
      }
      if (target < scaling.minReplicas()) {
        target = scaling.minReplicas();
        limit = " (limited by min_replicas " + scaling.minReplicas() + ")";
      }
      // Never scale down into a scale-up: the load spread over fewer pods must stay below the
      // threshold.
      LoadProjection line = LoadProjection.fit(context.history());
      IntToDoubleFunction blendWith =
          pods -> LoadProjection.after(u, current, pods, line) * (1 + headroom);
      // the forecast sizes CPU demand up to saturation_guard: a scale-down that leaves the bound's
      // CPU above scale_up_threshold, where the blend (memory's lower) did not object, was undone
      // within minutes on noisy load (docs/backtest.md): the band between the two keeps it
      IntToDoubleFunction cpuWith = pods -> cpuToo ? u.cpu() * current / pods * (1 + headroom) : 0;
      IntToDoubleFunction projectedWith =
          pods -> Math.max(blendWith.applyAsDouble(pods), cpuWith.applyAsDouble(pods));
      while (target < current && projectedWith.applyAsDouble(target) > scaling.scaleUpThreshold()) {
        target++;
      }
      String atBound =
          headroom > 0
              ? " at the forecast's upper bound (headroom +" + Math.round(headroom * 100) + "%)"
              : "";
      IntFunction<String> projection =
          pods ->
              formatPercent(blendWith.applyAsDouble(pods))
                  + (cpuToo ? ", CPU " + formatPercent(cpuWith.applyAsDouble(pods)) : "")
                  + atBound;
      if (target >= current) {
        return noAction(
            u.weighted(),
            trigger,
            why
                + ", but with one replica fewer utilization would reach "
                + projection.apply(current - 1)
                + ", above scale_up_threshold ("
                + formatPercent(scaling.scaleUpThreshold())
                + "). No scaling needed.");
      }
      String cooldown = cooldownLeft(Action.SCALE_DOWN);
      if (cooldown != null) {
        return noAction(
            u.weighted(), "cooldown", why + ", but " + cooldown + ". No action until it ends.");
      }
      return scaling(
          Action.SCALE_DOWN,
          target,
          u.weighted(),
          trigger,
          why
              + ". Scaling to "
              + target
              + " replicas to save resources"
              + limit
              + " (projected utilization "
              + projection.apply(target)
              + ").");
    }

    /** A bound is a hard limit, so the repair goes straight to it, whatever max_step says. */
    private Decision boundsRepair(Action action, int target, String why) {
      return scaling(
          action,
          target,
          null,
          "bounds",
          why
              + ". Scaling to "
              + target
              + " replicas to bring the service within its blueprint's bounds.");
    }

    /**
     * ceil(current * pressure / target_cpu_utilization), ignoring float noise just above an
     * integer.
     */
    private int proportional(double pressure) {
      return replicasAt(pressure, scaling.targetCpuUtilization());
    }

    /** The fewest replicas that bring {@code pressure} on the current ones to {@code level}. */
    private int replicasAt(double pressure, double level) {
      return (int) Math.ceil(current * pressure / level - EPSILON);
    }

    /**
     * As HPA does on scale-up, pods not ready yet count as idle, so their load is not counted
     * twice.
     */
    private double readyShare() {
      return snapshot.podsReady() >= current || current == 0
          ? 1.0
          : (double) snapshot.podsReady() / current;
    }

    private String readinessNote() {
      if (snapshot.podsReady() >= current) {
        return "";
      }
      return " "
          + (current - snapshot.podsReady())
          + " of "
          + current
          + " pods not ready yet; counted as idle, as the Kubernetes HPA does.";
    }

    private String cooldownLeft(Action action) {
      return Cooldowns.left(bp, context, action);
    }

    private Decision scaling(
        Action action, int target, Double weighted, String trigger, String rationale) {
      return Decision.scaling(
          id,
          bp.name(),
          action,
          current,
          target,
          new Decision.Basis(rationale, weighted, trigger, forecastRecord()),
          context.now(),
          snapshot);
    }

    private Decision noAction(Double weighted, String trigger, String rationale) {
      return Decision.noAction(
          id,
          bp.name(),
          current,
          new Decision.Basis(rationale, weighted, trigger, forecastRecord()),
          context.now(),
          snapshot);
    }

    private Decision.Forecast forecastRecord() {
      if (demandRecord != null) {
        return demandRecord;
      }
      return forecast == null
          ? null
          : Decision.Forecast.ema(
              forecast.ema(),
              forecast.trendFactor(),
              forecast.predicted(),
              forecast.horizonSeconds() + "s");
    }
  }
}
