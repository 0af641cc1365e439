package io.specops.coordination;

import java.time.Instant;

/**
 * A granted operation the coordinator counts: its resources are held against the cluster's free
 * capacity until the scale call has gone through ({@code executed}: the cluster then counts the
 * pods itself), and it holds an in-flight slot until it has {@code finished}.
 */
public record Reservation(String service, String decisionId, long cpuMillis, long memoryBytes, boolean executed,
    Instant grantedAt) {

  public Reservation asExecuted() {
    return new Reservation(service, decisionId, cpuMillis, memoryBytes, true, grantedAt);
  }
}
