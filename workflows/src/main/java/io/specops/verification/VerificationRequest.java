package io.specops.verification;

import io.specops.audit.AuditEntry;
import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.MetricsSnapshot;
import java.time.Duration;
import java.util.List;

/**
 * Verify an operation: the blueprint, the decision, what the service looked like before, and the
 * last readiness reading (so a rollout that never became ready fails the replica check). A watched
 * service's request instead asks the activity to wait for readiness itself ({@code readinessWait}):
 * the readiness wait rides on the verification, one activity where there were two
 * (docs/scaling.md).
 */
public record VerificationRequest(
    String verificationId,
    Blueprint blueprint,
    Decision decision,
    MetricsSnapshot before,
    WorkloadState readiness,
    List<AuditEntry> records,
    ReadinessWait readinessWait) {

  /** Wait until {@code target} pods are ready (at most {@code timeout}), then {@code settle}. */
  public record ReadinessWait(int target, Duration timeout, Duration settle) {}

  public VerificationRequest(
      String verificationId,
      Blueprint blueprint,
      Decision decision,
      MetricsSnapshot before,
      WorkloadState readiness,
      List<AuditEntry> records) {
    this(verificationId, blueprint, decision, before, readiness, records, null);
  }

  public VerificationRequest(
      String verificationId,
      Blueprint blueprint,
      Decision decision,
      MetricsSnapshot before,
      WorkloadState readiness) {
    this(verificationId, blueprint, decision, before, readiness, null, null);
  }

  /** The same request with the readiness the activity read. */
  public VerificationRequest withReadiness(WorkloadState state) {
    return new VerificationRequest(
        verificationId, blueprint, decision, before, state, records, readinessWait);
  }

  /** Audit records the activity appends before it verifies (they ride on it). */
  @Override
  public List<AuditEntry> records() {
    return records == null ? List.of() : records;
  }
}
