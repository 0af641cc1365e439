package io.specops.kubernetes;

import io.specops.audit.AuditEntry;
import java.util.List;

/**
 * Set a workload's replicas to {@code targetReplicas} for operation {@code operationId} (a decision
 * id, or {@code <decision id>-rollback}). Idempotent: applying it twice changes nothing. In dry run
 * nothing is changed and the result says what would have been done. With {@code expectedReplicas}
 * the write goes ahead only if the workload still has that many (a rollback: the operation's own
 * target), so it never undoes another writer's change.
 */
public record ScaleRequest(
    WorkloadRef workload,
    int targetReplicas,
    String operationId,
    int minReplicas,
    int maxReplicas,
    boolean dryRun,
    List<AuditEntry> records,
    Integer expectedReplicas) {

  public ScaleRequest(
      WorkloadRef workload,
      int targetReplicas,
      String operationId,
      int minReplicas,
      int maxReplicas,
      boolean dryRun) {
    this(workload, targetReplicas, operationId, minReplicas, maxReplicas, dryRun, null, null);
  }

  public ScaleRequest(
      WorkloadRef workload,
      int targetReplicas,
      String operationId,
      int minReplicas,
      int maxReplicas,
      boolean dryRun,
      List<AuditEntry> records) {
    this(workload, targetReplicas, operationId, minReplicas, maxReplicas, dryRun, records, null);
  }

  /** The same request, carried out only if the workload still has {@code replicas}. */
  public ScaleRequest expecting(int replicas) {
    return new ScaleRequest(
        workload, targetReplicas, operationId, minReplicas, maxReplicas, dryRun, records, replicas);
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
