package io.specops.kubernetes;

/**
 * One reading of a workload's namespace quotas: the ceiling they put on its replicas, and what each
 * more pod takes from them ({@code share}: null when no quota counts the pods).
 */
public record QuotaReading(QuotaCeiling ceiling, QuotaShare share) {
  public static QuotaReading of(QuotaCeiling ceiling) {
    return new QuotaReading(ceiling, null);
  }
}
