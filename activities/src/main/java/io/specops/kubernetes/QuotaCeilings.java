package io.specops.kubernetes;

/**
 * Where a scale-up learns how many replicas the namespace's ResourceQuotas admit
 * (docs/operations.md, "Namespace quotas").
 */
@FunctionalInterface
public interface QuotaCeilings {
  /** The ceiling for the workload, or null when no quota limits it (or it cannot be read). */
  QuotaCeiling ceiling(WorkloadRef workload);
}
