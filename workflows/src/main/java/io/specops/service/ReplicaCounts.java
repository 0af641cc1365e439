package io.specops.service;

/**
 * A service's desired and ready replicas as freshly as they are known: during an operation, its
 * latest reading of the workload (the Deployment already asks for the target); otherwise the last
 * evaluation's metrics.
 */
public record ReplicaCounts(int desired, int ready) {

  /** The freshest counts in a status, or null when nothing has been read yet. */
  public static ReplicaCounts of(ServiceStatus s) {
    ServiceStatus.OperationInFlight op = s.operation();
    if (op != null && op.desiredReplicas() != null && op.readyReplicas() != null) {
      return new ReplicaCounts(op.desiredReplicas(), op.readyReplicas());
    }
    return s.observed() == null
        ? null
        : new ReplicaCounts(s.observed().replicas(), s.observed().podsReady());
  }
}
