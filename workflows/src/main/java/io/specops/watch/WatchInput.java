package io.specops.watch;

import java.util.List;

/**
 * Input of a watcher workflow: its fleet and shard, its services, its settings, leases run so far
 * in this chain, and the progress to resume from (null at first).
 */
public record WatchInput(
    String fleet,
    int shard,
    List<WatchedService> services,
    WatchSettings settings,
    long leases,
    WatchProgress progress) {}
