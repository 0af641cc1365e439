package io.specops.watch;

import io.specops.blueprint.Blueprint;
import java.time.Duration;

/**
 * How watchers run (docs/scaling.md "Watchers"). {@code shardSize}: services per watcher, so that a
 * shard's heartbeats (about one a {@code heartbeatEvery}) spread over many services; {@code lease}:
 * how long one watch activity runs before it hands its progress back (one action per lease); {@code
 * heartbeatTimeout}: how soon another worker takes over after a worker dies; {@code tick}: how
 * often the watch loop looks for due services.
 */
public record WatchSettings(
    int shardSize,
    Duration lease,
    Duration heartbeatTimeout,
    Duration heartbeatEvery,
    Duration tick,
    int leasesPerRun,
    Duration hold) {

  public WatchSettings(
      int shardSize,
      Duration lease,
      Duration heartbeatTimeout,
      Duration heartbeatEvery,
      Duration tick,
      int leasesPerRun) {
    this(shardSize, lease, heartbeatTimeout, heartbeatEvery, tick, leasesPerRun, null);
  }

  public static WatchSettings defaults() {
    return new WatchSettings(
        200,
        Duration.ofHours(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(45),
        Duration.ofMillis(200),
        24,
        Duration.ofSeconds(90));
  }

  /**
   * How long a service the watcher woke is left to its workflow before the watcher evaluates it
   * again: about one operation (execute, pods, settle, verify); plus the approval timeout when an
   * approver must answer first. A wake while the workflow is still busy only makes it evaluate once
   * more afterwards; holding saves those wakes.
   */
  public Duration holdAfterWake(Blueprint bp, boolean needsApproval) {
    Duration base = hold == null ? Duration.ofSeconds(90) : hold;
    Duration interval = bp.spec().evaluation().interval();
    Duration held = base.compareTo(interval) > 0 ? base : interval;
    return needsApproval ? held.plus(bp.spec().governance().approvalTimeout()) : held;
  }
}
