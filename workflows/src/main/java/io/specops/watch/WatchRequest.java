package io.specops.watch;

import java.util.List;

/** One lease of watching: the services, the settings, and the progress to resume from. */
public record WatchRequest(
    String fleet,
    int shard,
    List<WatchedService> services,
    WatchSettings settings,
    WatchProgress progress) {}
