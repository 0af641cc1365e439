package io.specops.watch;

import java.time.Duration;

/**
 * How watchers run (docs/scaling.md "Watchers"). {@code shardSize}: services per watcher, so that
 * a shard's heartbeats (about one a {@code heartbeatEvery}) spread over many services;
 * {@code lease}: how long one watch activity runs before it hands its progress back (one action
 * per lease); {@code heartbeatTimeout}: how soon another worker takes over after a worker dies;
 * {@code tick}: how often the watch loop looks for due services.
 */
public record WatchSettings(int shardSize, Duration lease, Duration heartbeatTimeout, Duration heartbeatEvery, Duration tick,
    int leasesPerRun) {

  public static WatchSettings defaults() {
    return new WatchSettings(200, Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofSeconds(45), Duration.ofMillis(200),
        24);
  }

  /** How long a service the watcher woke is left to its workflow before the watcher evaluates it again. */
  public Duration holdAfterWake(io.specops.blueprint.Blueprint bp, boolean needsApproval) {
    Duration interval = bp.spec().evaluation().interval();
    Duration hold = bp.spec().prediction().startup().plus(Duration.ofSeconds(30)).plus(interval);
    if (needsApproval) {
      hold = hold.plus(bp.spec().governance().approvalTimeout());
    }
    return hold;
  }
}
