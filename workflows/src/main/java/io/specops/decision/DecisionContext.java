package io.specops.decision;

import java.time.Instant;

/**
 * What the decision engine needs besides the blueprint and the metrics: the time (from the
 * workflow's clock), the service's decision sequence number (for the id), and when each
 * direction last scaled (for cooldowns). Null times mean never.
 */
public record DecisionContext(Instant now, long sequence, Instant lastScaleUpAt, Instant lastScaleDownAt) {

  public static DecisionContext at(Instant now, long sequence) {
    return new DecisionContext(now, sequence, null, null);
  }

  public Instant lastScaled(Action action) {
    return action == Action.SCALE_DOWN ? lastScaleDownAt : lastScaleUpAt;
  }
}
