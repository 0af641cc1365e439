package io.specops.verification;

import io.specops.metrics.MetricsSnapshot;
import java.util.List;

/**
 * The result of verifying an operation (seed 001 Step 8); the outcomes: {@link
 * VerificationOutcome}.
 */
public record VerificationReport(
    String verificationId,
    String service,
    String decisionId,
    VerificationOutcome outcome,
    List<Check> checks,
    Summary summary,
    MetricsSnapshot after) {

  public boolean failed() {
    return outcome == VerificationOutcome.FAILURE;
  }

  public record Summary(String verificationResult, String rationale) {}
}
