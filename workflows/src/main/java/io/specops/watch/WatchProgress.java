package io.specops.watch;

import java.util.Map;

/** What a watch activity has done: per service, its progress; and counts for the bench. */
public record WatchProgress(
    Map<String, ServiceProgress> services, long evaluations, long wakes, long heartbeats) {
  public static WatchProgress empty() {
    return new WatchProgress(Map.of(), 0, 0, 0);
  }
}
