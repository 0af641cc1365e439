package io.specops.kubernetes;

/**
 * Where a scale-up learns how many replicas the namespace's ResourceQuotas admit, and what each new
 * pod takes from them (docs/operations.md, "Namespace quotas").
 */
@FunctionalInterface
public interface QuotaCeilings {
  /** The quotas' hold on the workload's next pods, or null when no quota counts them. */
  QuotaReading read(WorkloadRef workload);

  /** The ceiling for the workload, or null when no quota limits it. */
  default QuotaCeiling ceiling(WorkloadRef workload) {
    QuotaReading reading = read(workload);
    return reading == null ? null : reading.ceiling();
  }
}
