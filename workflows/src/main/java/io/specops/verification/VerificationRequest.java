package io.specops.verification;

import io.specops.audit.AuditEntry;
import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.MetricsSnapshot;
import java.util.List;

/**
 * Verify an operation: the blueprint, the decision, what the service looked like before, and the
 * last readiness reading (so a rollout that never became ready fails the replica check).
 */
public record VerificationRequest(
    String verificationId,
    Blueprint blueprint,
    Decision decision,
    MetricsSnapshot before,
    WorkloadState readiness,
    List<AuditEntry> records) {

  public VerificationRequest(
      String verificationId,
      Blueprint blueprint,
      Decision decision,
      MetricsSnapshot before,
      WorkloadState readiness) {
    this(verificationId, blueprint, decision, before, readiness, null);
  }

  /** Audit records the activity appends before it verifies (they ride on it). */
  @Override
  public List<AuditEntry> records() {
    return records == null ? List.of() : records;
  }
}
