package io.specops.client;

import java.time.Duration;
import java.time.Instant;

/**
 * When a watched service's next evaluation is due, as a status view shows it. Its watcher reports
 * progress in heartbeats, which Temporal bills, so about once a minute: between two, the reported
 * due time has passed though the watcher has kept the service's rhythm. The view rolls it forward
 * by the interval over that gap, and no further, so a watcher that stopped still shows overdue.
 */
final class WatchedNextEvaluation {
  /**
   * How stale a heartbeat may be in normal running: the default pacing (45 s, or 0.8 x the
   * heartbeat timeout if longer, at most 60 s) and slack; a pacing set longer shows overdue sooner.
   */
  static final Duration HEARTBEAT_GAP = Duration.ofMinutes(2);

  private WatchedNextEvaluation() {}

  /**
   * {@code reported}: the watcher's due time, or null; {@code lastEvaluation}: the latest
   * evaluation, the watcher's or the workflow's own, which keeps the rhythm when none is reported.
   */
  static Instant of(Instant reported, Instant lastEvaluation, Duration interval, Instant now) {
    Instant due =
        reported != null
            ? reported
            : lastEvaluation == null || interval == null ? null : lastEvaluation.plus(interval);
    if (due == null || interval == null || interval.isZero() || due.isAfter(now)) {
      return due;
    }
    Duration behind = Duration.between(due, now);
    if (behind.compareTo(HEARTBEAT_GAP) > 0) {
      return due;
    }
    long intervals = behind.toMillis() / interval.toMillis() + 1;
    return due.plus(interval.multipliedBy(intervals));
  }
}
