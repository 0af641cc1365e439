package io.specops.service;

import io.specops.blueprint.Blueprint;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.forecast.DemandHistory;
import io.specops.forecast.Forecaster;
import io.specops.governance.GovernanceEngine;
import io.specops.governance.Verdict;
import io.specops.kubernetes.QuotaCeilings;
import io.specops.kubernetes.QuotaReading;
import io.specops.kubernetes.QuotaShare;
import io.specops.kubernetes.WorkloadRef;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.MetricsUnavailableException;
import io.specops.prediction.HealthScore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation, wherever it runs (the service workflow's local activity, a watcher's loop):
 * collect, decide with the demand forecaster, govern. Metrics that cannot be read are not an error:
 * they are a decision, no_action, that says what was missing.
 */
public final class Evaluator {
  private static final Logger log = LoggerFactory.getLogger(Evaluator.class);
  private final MetricsSource metrics;
  private final DecisionEngine engine;
  private final GovernanceEngine governance;
  private QuotaCeilings quotas;
  private Clock clock;

  public Evaluator(MetricsSource metrics, DecisionEngine engine, GovernanceEngine governance) {
    this.metrics = metrics;
    this.engine = engine;
    this.governance = governance;
  }

  /** Where a scale-up reads the namespace's quota ceiling (none: scale-ups are not capped). */
  public Evaluator withQuotas(QuotaCeilings ceilings) {
    this.quotas = ceilings;
    return this;
  }

  /**
   * The clock the metrics sources stamp their snapshots and histories with (the worker's). What
   * they say is carried onto the decision's clock, which in a service workflow is the Temporal
   * server's: a snapshot as old as it is on the worker's clock, the demand history moved by the
   * difference. Compared across the two, a worker whose clock was minutes behind the server's read
   * every snapshot as stale (older than metrics.max_age) and never scaled. Without one, both are
   * taken as stamped.
   */
  public Evaluator withClock(Clock sourcesClock) {
    this.clock = sourcesClock;
    return this;
  }

  public MetricsSource metrics() {
    return metrics;
  }

  /**
   * Collects and decides; {@code forecaster} null rebuilds one from the metrics source's history
   * when the blueprint forecasts.
   */
  public Evaluation evaluate(
      Blueprint bp, DecisionContext context, ScaleCommand manual, Forecaster forecaster) {
    MetricsSnapshot snapshot = null;
    Decision decision;
    QuotaShare share = null;
    try {
      Duration behind = behindTheDecision(context);
      snapshot = metrics.collect(bp);
      if (snapshot != null && snapshot.observedAt() != null) {
        snapshot = snapshot.withObservedAt(snapshot.observedAt().plus(behind));
      }
      Forecaster demand =
          manual != null || forecaster != null ? forecaster : forecaster(bp, behind);
      decision = decide(bp, snapshot, context, manual, demand);
      QuotaReading quota = quotaFor(bp, decision);
      if (quota != null
          && decision.action() == Action.SCALE_UP
          && quota.ceiling() != null
          && quota.ceiling().replicas() < decision.targetReplicas()) {
        // decided again under the quota: the rationale says what limited it
        snapshot = snapshot.withQuota(quota.ceiling());
        decision = decide(bp, snapshot, context, manual, demand);
      }
      if (quota != null
          && (decision.action() == Action.SCALE_UP || decision.action() == Action.SCALE_DOWN)) {
        share = quota.share();
      }
    } catch (MetricsUnavailableException e) {
      decision = engine.unobservable(bp, e.getMessage(), context);
    }
    return evaluation(
        bp, snapshot, decision, governance.evaluate(bp, decision, context.now()), share);
  }

  /** How far the sources' clock is behind the decision's (zero without a clock: the same). */
  private Duration behindTheDecision(DecisionContext context) {
    return clock == null ? Duration.ZERO : Duration.between(clock.instant(), context.now());
  }

  private Decision decide(
      Blueprint bp,
      MetricsSnapshot snapshot,
      DecisionContext context,
      ScaleCommand manual,
      Forecaster forecaster) {
    return manual != null
        ? engine.manual(
            bp, snapshot, manual.replicas(), manual.requestedBy(), manual.reason(), context)
        : engine.decide(bp, snapshot, context, forecaster);
  }

  /**
   * The namespace's quotas' hold on a scale-up's new pods (their ceiling, what each takes), or what
   * a scale-down's pods give back, else null. A scale-down's share is for its rollback: a failed
   * verification scales it back up without asking, so the coordinator holds that room for it until
   * it has finished, as it holds the CPU (not for a move into the bounds, never rolled back). A
   * read that fails leaves the decision as it was: the API server still refuses pods over the
   * quota, and the verification names it.
   */
  private QuotaReading quotaFor(Blueprint bp, Decision decision) {
    if (quotas == null
        || (decision.action() != Action.SCALE_UP && decision.action() != Action.SCALE_DOWN)
        || "bounds".equals(decision.trigger())) {
      return null;
    }
    try {
      return quotas.read(WorkloadRef.of(bp));
    } catch (RuntimeException e) {
      log.warn(
          "ResourceQuotas of {} unreadable, deciding without them: {}", bp.name(), e.getMessage());
      return null;
    }
  }

  /**
   * The demand forecaster rebuilt from the metrics source's history (the same code the backtest
   * feeds as it goes); null when the blueprint does not forecast. A history that cannot be read
   * leaves the decision reactive, never blocked.
   */
  public Forecaster forecaster(Blueprint bp) {
    return forecaster(bp, Duration.ZERO);
  }

  /** The same, its history moved {@code behind} onto the decision's clock. */
  Forecaster forecaster(Blueprint bp, Duration behind) {
    if (!bp.spec().prediction().forecasts()) {
      return null;
    }
    DemandHistory history;
    try {
      history = metrics.demandHistory(bp, MetricsSource.DEMAND_HISTORY);
    } catch (MetricsUnavailableException e) {
      log.warn(
          "demand history of {} unavailable, deciding reactively: {}", bp.name(), e.getMessage());
      return null;
    }
    return Forecaster.replay(
        Forecaster.Settings.defaults(bp.spec().prediction().coverage()), history.shiftedBy(behind));
  }

  private static Evaluation evaluation(
      Blueprint bp,
      MetricsSnapshot snapshot,
      Decision decision,
      Verdict verdict,
      QuotaShare share) {
    return new Evaluation(
        snapshot,
        decision,
        verdict,
        // a workload scaled to zero has no pods to judge: it is off, not unhealthy (which would
        // also collect evidence)
        snapshot == null || snapshot.metrics() == null || snapshot.replicas() == 0
            ? null
            : HealthScore.of(bp, snapshot.metrics()),
        share);
  }
}
