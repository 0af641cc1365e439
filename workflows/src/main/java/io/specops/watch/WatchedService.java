package io.specops.watch;

import io.specops.blueprint.Blueprint;

/**
 * A service as its watcher sees it: its blueprint, its workflow (to wake), and whether it is paused
 * (skipped).
 */
public record WatchedService(String name, String workflowId, Blueprint blueprint, boolean paused) {
  public WatchedService withPaused(boolean value) {
    return new WatchedService(name, workflowId, blueprint, value);
  }

  public WatchedService withBlueprint(Blueprint value) {
    return new WatchedService(name, workflowId, value, paused);
  }
}
