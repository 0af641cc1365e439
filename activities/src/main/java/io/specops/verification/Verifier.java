package io.specops.verification;

import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.MetricsUnavailableException;

/** Reads fresh metrics and runs {@link VerificationChecks}. */
public final class Verifier implements VerificationActivities {
  private final MetricsSource metrics;

  public Verifier(MetricsSource metrics) {
    this.metrics = metrics;
  }

  @Override
  public VerificationReport verify(VerificationRequest request) {
    MetricsSnapshot after;
    try {
      after = metrics.collect(request.blueprint());
    } catch (MetricsUnavailableException e) {
      after = null;
    }
    return VerificationChecks.evaluate(request, after);
  }
}
