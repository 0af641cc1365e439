package io.specops.service;

import io.specops.audit.AuditEntry;
import io.specops.audit.AuditLog;
import io.specops.audit.DecisionRecord;
import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.governance.Verdict;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.MetricsUnavailableException;
import java.util.List;
import io.specops.forecast.DemandHistory;
import io.specops.forecast.Forecaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collect, decide, govern, and record both, in one (local) activity. Metrics that cannot be read
 * are not an error: they are a decision, no_action, that says what was missing.
 */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
  private static final Logger log = LoggerFactory.getLogger(EvaluationActivitiesImpl.class);
  private final MetricsSource metrics;
  private final DecisionEngine engine;
  private final GovernanceEngine governance;
  private final AuditLog audit;

  public EvaluationActivitiesImpl(MetricsSource metrics, DecisionEngine engine, GovernanceEngine governance, AuditLog audit) {
    this.metrics = metrics;
    this.engine = engine;
    this.governance = governance;
    this.audit = audit;
  }

  @Override
  public Evaluation evaluate(EvaluationRequest request) {
    Blueprint bp = request.blueprint();
    MetricsSnapshot snapshot = null;
    Decision decision;
    try {
      snapshot = metrics.collect(bp);
      decision = request.manual() != null
          ? engine.manual(bp, snapshot, request.manual().replicas(), request.manual().requestedBy(), request.manual().reason(),
              request.context())
          : engine.decide(bp, snapshot, request.context(), forecaster(bp));
    } catch (MetricsUnavailableException e) {
      decision = engine.unobservable(bp, e.getMessage(), request.context());
    }
    Verdict verdict = governance.evaluate(bp, decision, request.context().now());
    if (request.workflowRecordsScaling() && decision.action().isScaling()) {
      // the workflow records it once this evaluation is in its history: a worker that dies before
      // then must not leave a scaling decision in the audit log that the workflow never made
      return evaluation(bp, snapshot, decision, verdict);
    }
    audit.append(List.of(
        new AuditEntry("decision", request.context().now(), bp.name(), new DecisionRecord(decision, request.reason())),
        new AuditEntry("governance", request.context().now(), bp.name(), verdict)));
    return evaluation(bp, snapshot, decision, verdict);
  }

  /**
   * The demand forecaster rebuilt from the metrics source's history (the same code the backtest
   * feeds as it goes); null when the blueprint does not forecast. A history that cannot be read
   * leaves the decision reactive, never blocked.
   */
  private Forecaster forecaster(Blueprint bp) {
    if (!bp.spec().prediction().forecasts()) {
      return null;
    }
    DemandHistory history;
    try {
      history = metrics.demandHistory(bp, MetricsSource.DEMAND_HISTORY);
    } catch (MetricsUnavailableException e) {
      log.warn("demand history of {} unavailable, deciding reactively: {}", bp.name(), e.getMessage());
      return null;
    }
    return Forecaster.replay(Forecaster.Settings.defaults(bp.spec().prediction().coverage()), history);
  }

  private static Evaluation evaluation(Blueprint bp, MetricsSnapshot snapshot, Decision decision, Verdict verdict) {
    return new Evaluation(snapshot, decision, verdict,
        snapshot == null || snapshot.metrics() == null ? null : io.specops.prediction.HealthScore.of(bp, snapshot.metrics()));
  }
}
