package io.specops.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;

/**
 * A service's circuit breaker: closed; open after {@code threshold} consecutive failed operations
 * (decisions are still made and recorded, nothing is executed); half-open once the cool-off has
 * passed (one operation may try; success closes it, failure opens it again).
 */
public record BreakerState(String state, int consecutiveFailures, Instant openedAt) {
  public static final String CLOSED = "closed";
  public static final String OPEN = "open";
  public static final String HALF_OPEN = "half_open";

  public static BreakerState closed() {
    return new BreakerState(CLOSED, 0, null);
  }

  /** The state as of {@code now}: an open breaker whose cool-off has passed reads as half-open. */
  public BreakerState at(Instant now, Duration coolOff) {
    if (OPEN.equals(state) && openedAt != null && !now.isBefore(openedAt.plus(coolOff))) {
      return new BreakerState(HALF_OPEN, consecutiveFailures, openedAt);
    }
    return this;
  }

  @JsonIgnore
  public boolean blocksOperations() {
    return OPEN.equals(state);
  }

  public BreakerState afterSuccess() {
    return closed();
  }

  public BreakerState afterFailure(Instant now, int threshold) {
    int failures = consecutiveFailures + 1;
    if (HALF_OPEN.equals(state) || failures >= threshold) {
      return new BreakerState(OPEN, failures, now);
    }
    return new BreakerState(CLOSED, failures, null);
  }
}
