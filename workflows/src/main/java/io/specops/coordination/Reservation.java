package io.specops.coordination;

import java.time.Instant;
import java.util.Map;

/**
 * A granted operation the coordinator counts: its resources are held against the cluster's free
 * capacity until the scale call has gone through ({@code executed}: the cluster then counts the
 * pods itself), and it holds an in-flight slot until it has {@code finished}.
 */
public record Reservation(
    String service,
    String decisionId,
    long cpuMillis,
    long memoryBytes,
    boolean executed,
    Instant grantedAt,
    Map<String, Double> shared) {

  public Reservation(
      String service,
      String decisionId,
      long cpuMillis,
      long memoryBytes,
      boolean executed,
      Instant grantedAt) {
    this(service, decisionId, cpuMillis, memoryBytes, executed, grantedAt, null);
  }

  public Reservation asExecuted() {
    return new Reservation(service, decisionId, cpuMillis, memoryBytes, true, grantedAt, shared);
  }

  @Override
  public Map<String, Double> shared() {
    return shared == null ? Map.of() : shared;
  }
}
