package io.specops.kubernetes;

import io.specops.audit.AuditEntry;
import java.util.List;

/**
 * Set a workload's replicas to {@code targetReplicas} for operation {@code operationId} (a decision
 * id, or {@code <decision id>-rollback}). Idempotent: applying it twice changes nothing. In dry run
 * nothing is changed and the result says what would have been done.
 */
public record ScaleRequest(
    WorkloadRef workload,
    int targetReplicas,
    String operationId,
    int minReplicas,
    int maxReplicas,
    boolean dryRun,
    List<AuditEntry> records) {

  public ScaleRequest(
      WorkloadRef workload,
      int targetReplicas,
      String operationId,
      int minReplicas,
      int maxReplicas,
      boolean dryRun) {
    this(workload, targetReplicas, operationId, minReplicas, maxReplicas, dryRun, null);
  }

  /**
   * Audit records the activity appends before it scales (they ride on it instead of a flush of
   * their own).
   */
  @Override
  public List<AuditEntry> records() {
    return records == null ? List.of() : records;
  }
}
