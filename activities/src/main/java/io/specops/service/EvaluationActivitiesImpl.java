package io.specops.service;

import io.specops.audit.AuditEntry;
import io.specops.audit.AuditLog;
import io.specops.audit.DecisionRecord;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.kubernetes.QuotaCeilings;
import io.specops.metrics.MetricsSource;
import java.time.Clock;
import java.util.List;

/**
 * Collect, decide and govern, and record both, in one (local) activity of the service workflow
 * ({@link Evaluator} does the work).
 */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
  private final Evaluator evaluator;
  private final AuditLog audit;

  public EvaluationActivitiesImpl(
      MetricsSource metrics, DecisionEngine engine, GovernanceEngine governance, AuditLog audit) {
    this.evaluator = new Evaluator(metrics, engine, governance);
    this.audit = audit;
  }

  /** Scale-ups stay within the namespace's ResourceQuotas (see {@link Evaluator#withQuotas}). */
  public EvaluationActivitiesImpl withQuotas(QuotaCeilings ceilings) {
    evaluator.withQuotas(ceilings);
    return this;
  }

  /** The clock the metrics sources stamp snapshots with (see {@link Evaluator#withClock}). */
  public EvaluationActivitiesImpl withClock(Clock sourcesClock) {
    evaluator.withClock(sourcesClock);
    return this;
  }

  @Override
  public Evaluation evaluate(EvaluationRequest request) {
    Evaluation ev =
        evaluator.evaluate(request.blueprint(), request.context(), request.manual(), null);
    if (request.workflowRecordsScaling() && ev.decision().action().isScaling()) {
      // the workflow records it once this evaluation is in its history: a worker that dies before
      // then must not leave a scaling decision in the audit log that the workflow never made
      return ev;
    }
    audit.append(
        List.of(
            new AuditEntry(
                "decision",
                request.context().now(),
                request.blueprint().name(),
                new DecisionRecord(ev.decision(), request.reason())),
            new AuditEntry(
                "governance", request.context().now(), request.blueprint().name(), ev.verdict())));
    return ev;
  }
}
