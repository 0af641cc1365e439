package io.specops.backtest;

import io.specops.blueprint.Blueprint;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.forecast.BucketAccumulator;
import io.specops.forecast.Forecaster;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SpecOps as the workflows run it: the same {@link DecisionEngine}, on the blueprint's interval,
 * with its cooldowns and the forecast over the last 40 evaluations. Governance is taken as allowing
 * every in-bounds operation (no approvals or freezes in a backtest).
 */
public final class SpecopsPolicy implements Policy {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private final Blueprint blueprint;
  private final DecisionEngine engine = new DecisionEngine();
  private final List<HistoryPoint> history = new ArrayList<>();
  private final Forecaster forecaster;
  private final BucketAccumulator buckets;
  private Instant lastUp;
  private Instant lastDown;
  private long sequence;
  private Decision last;
  private DecisionContext lastContext;

  public SpecopsPolicy(Blueprint blueprint) {
    this.blueprint = blueprint;
    this.forecaster =
        new Forecaster(Forecaster.Settings.defaults(blueprint.spec().prediction().coverage()));
    this.buckets = new BucketAccumulator(forecaster);
  }

  /** The decision of the newest step (with its snapshot and context), for tests and charts. */
  public Decision lastDecision() {
    return last;
  }

  /** The context of the newest decision. */
  public DecisionContext lastContext() {
    return lastContext;
  }

  /** The forecaster this policy feeds, for the backtest's forecast-accuracy report. */
  public Forecaster forecaster() {
    return forecaster;
  }

  @Override
  public String name() {
    return "specops";
  }

  @Override
  public Duration period() {
    return blueprint.spec().evaluation().interval();
  }

  @Override
  public int decide(Observation o) {
    Instant now = EPOCH.plusMillis(Math.round(o.t() * 1000));
    MetricsSnapshot snapshot =
        new MetricsSnapshot(
            blueprint.name(), o.desired(), o.desired(), o.ready(), o.metrics(), now, "backtest");
    List<HistoryPoint> recent =
        history.size() <= 40 ? history : history.subList(history.size() - 40, history.size());
    // the history a metrics source would hold: demand (cpu x ready pods) per completed minute
    buckets.advanceTo(now);
    DecisionContext context =
        new DecisionContext(now, ++sequence, lastUp, lastDown, List.copyOf(recent));
    Decision d = engine.decide(blueprint, snapshot, context, forecaster);
    last = d;
    lastContext = context;
    if (o.metrics() != null && o.metrics().cpuUtilization() != null && o.ready() > 0) {
      buckets.add(now, o.metrics().cpuUtilization() * o.ready());
    }
    if (d.weightedUtilization() != null) {
      history.add(HistoryPoint.of(snapshot, d.weightedUtilization()));
      if (history.size() > 1000) {
        history.remove(0);
      }
    }
    if (d.action() == Action.SCALE_UP) {
      lastUp = now;
    } else if (d.action() == Action.SCALE_DOWN) {
      lastDown = now;
    }
    return d.targetReplicas() > 0 ? d.targetReplicas() : o.desired();
  }
}
