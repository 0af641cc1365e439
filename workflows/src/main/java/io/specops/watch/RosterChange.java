package io.specops.watch;

import io.specops.json.WireName;
import java.time.Instant;

/**
 * A change to a watcher's services: from the coordinator (add, remove, update on reload) or from a
 * service workflow (pause, resume, a blueprint update, engaged: it is acting and the watcher holds
 * off until {@code until}).
 */
public record RosterChange(Kind kind, WatchedService service, Instant until) {
  public RosterChange(Kind kind, WatchedService service) {
    this(kind, service, null);
  }

  /** What changed. */
  public enum Kind implements WireName {
    ADD,
    REMOVE,
    UPDATE,
    PAUSE,
    RESUME;
  }
}
