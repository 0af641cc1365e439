package io.specops.verification;

import io.specops.audit.AuditLog;
import io.specops.kubernetes.ScalingActivities;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.MetricsUnavailableException;

/**
 * Reads fresh metrics and runs {@link VerificationChecks}. When the request asks (a watched
 * service), it first waits for readiness and the settle time itself, heart-beating through the
 * scaler's wait: one activity where there were two (docs/scaling.md).
 */
public final class Verifier implements VerificationActivities {
  private final MetricsSource metrics;

  private AuditLog audit;
  private ScalingActivities readiness;

  /** Where records that ride on a verification request are written. */
  public Verifier withAudit(AuditLog log) {
    this.audit = log;
    return this;
  }

  /** Who waits for readiness when a request asks for it (the scaler's heart-beating wait). */
  public Verifier withReadiness(ScalingActivities waiter) {
    this.readiness = waiter;
    return this;
  }

  public Verifier(MetricsSource metrics) {
    this.metrics = metrics;
  }

  @Override
  public VerificationReport verify(VerificationRequest request) {
    if (audit != null && !request.records().isEmpty()) {
      audit.append(request.records());
    }
    VerificationRequest.ReadinessWait wait = request.readinessWait();
    if (wait != null) {
      if (readiness == null) {
        throw new IllegalStateException(
            "this worker's verifier cannot wait for readiness: no scaler configured");
      }
      WorkloadState state = null;
      try {
        state =
            readiness.awaitReady(
                WorkloadRef.of(request.blueprint()), wait.target(), wait.timeout(), wait.settle());
      } catch (RuntimeException e) {
        // not a verdict: a rollout that never became ready fails the replica check below
      }
      request = request.withReadiness(state);
    }
    MetricsSnapshot after;
    try {
      after = metrics.collect(request.blueprint());
    } catch (MetricsUnavailableException e) {
      after = null;
    }
    return VerificationChecks.evaluate(request, after);
  }
}
