package io.specops.watch;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The idle side of many services at once: a long-running, heart-beating activity evaluates each of
 * its services on the service's own interval, records the no_action evaluations, and wakes a
 * service's workflow by signal only when it has to act (docs/scaling.md "Watchers").
 */
@ActivityInterface
public interface WatchActivities {
  @ActivityMethod(name = "WatchShard")
  WatchProgress watch(WatchRequest request);
}
