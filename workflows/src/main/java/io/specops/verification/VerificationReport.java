package io.specops.verification;

import io.specops.metrics.MetricsSnapshot;
import java.util.List;

/**
 * The result of verifying an operation (seed 001 Step 8). {@code outcome}: {@code success}; {@code
 * partial} (the replicas are there and the metrics improved but are not yet within target: kept,
 * not rolled back, the next evaluation may scale further); {@code failure} (rolled back).
 */
public record VerificationReport(
    String verificationId,
    String service,
    String decisionId,
    String outcome,
    List<Check> checks,
    Summary summary,
    MetricsSnapshot after) {

  public boolean failed() {
    return "failure".equals(outcome);
  }

  /** How the operation ended when the verification did not fail: verified, or partial. */
  public String operationResult() {
    return "success".equals(outcome) ? "verified" : outcome;
  }

  public record Summary(String verificationResult, String rationale) {}
}
