package io.specops.coordination;

import java.time.Duration;
import java.time.Instant;

/**
 * The coordinator's answer to a {@link CapacityRequest}: {@code granted}, or {@code deferred} for
 * {@code deferDuration} (seed 001: 5 minutes), after which the service re-evaluates with fresh
 * metrics rather than replaying the old decision.
 */
public record CapacityDecision(
    String decisionId,
    String verdict,
    Duration deferDuration,
    Instant deferUntil,
    String rationale,
    String conflictId) {

  public boolean granted() {
    return "granted".equals(verdict);
  }
}
