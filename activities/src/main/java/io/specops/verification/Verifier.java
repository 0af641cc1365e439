package io.specops.verification;

import io.specops.audit.AuditLog;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.MetricsUnavailableException;

/** Reads fresh metrics and runs {@link VerificationChecks}. */
public final class Verifier implements VerificationActivities {
  private final MetricsSource metrics;

  private AuditLog audit;

  /** Where records that ride on a verification request are written. */
  public Verifier withAudit(AuditLog log) {
    this.audit = log;
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
    MetricsSnapshot after;
    try {
      after = metrics.collect(request.blueprint());
    } catch (MetricsUnavailableException e) {
      after = null;
    }
    return VerificationChecks.evaluate(request, after);
  }
}
