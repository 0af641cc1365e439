package io.specops.decision;

import io.specops.prediction.HistoryPoint;
import java.time.Instant;
import java.util.List;

/**
 * What the decision engine needs besides the blueprint and the metrics: the time (from the
 * workflow's clock), the service's decision sequence number (for the id), and when each direction
 * last scaled (for cooldowns). Null times mean never.
 */
public record DecisionContext(
    Instant now,
    long sequence,
    Instant lastScaleUpAt,
    Instant lastScaleDownAt,
    List<HistoryPoint> history) {

  public DecisionContext(
      Instant now, long sequence, Instant lastScaleUpAt, Instant lastScaleDownAt) {
    this(now, sequence, lastScaleUpAt, lastScaleDownAt, List.of());
  }

  public static DecisionContext at(Instant now, long sequence) {
    return new DecisionContext(now, sequence, null, null);
  }

  /** The recent metrics history the forecast rests on (oldest first; may be empty). */
  @Override
  public List<HistoryPoint> history() {
    return history == null ? List.of() : history;
  }

  public Instant lastScaled(Action action) {
    return action == Action.SCALE_DOWN ? lastScaleDownAt : lastScaleUpAt;
  }
}
