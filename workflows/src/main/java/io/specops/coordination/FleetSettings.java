package io.specops.coordination;

import io.specops.service.ServiceSettings;
import io.specops.watch.WatchSettings;
import java.time.Duration;

/**
 * How the coordinator behaves. Defaults: requests within 2 s are resolved together; at most 5
 * operations in flight fleet-wide; a service that does not fit waits 5 minutes (seed 001);
 * blueprints are re-read every 5 minutes when the fleet loads them from a directory. Capacity
 * overrides, when set, replace the nodes' allocatable totals.
 */
public record FleetSettings(
    Duration batchWindow,
    int maxInFlight,
    Duration deferDuration,
    Duration reloadInterval,
    Long capacityCpuMillis,
    Long capacityMemoryBytes,
    int maxHistoryEvents,
    ServiceSettings service,
    WatchSettings watch) {

  public FleetSettings(
      Duration batchWindow,
      int maxInFlight,
      Duration deferDuration,
      Duration reloadInterval,
      Long capacityCpuMillis,
      Long capacityMemoryBytes,
      int maxHistoryEvents,
      ServiceSettings service) {
    this(
        batchWindow,
        maxInFlight,
        deferDuration,
        reloadInterval,
        capacityCpuMillis,
        capacityMemoryBytes,
        maxHistoryEvents,
        service,
        null);
  }

  /**
   * The defaults without watchers: each service evaluates on its own durable timer. Watchers run in
   * real time (heart-beating activities), so time-skipping tests and the demo keep this; the worker
   * turns them on ({@code specops.coordinator.watch.*}).
   */
  public static FleetSettings defaults() {
    return new FleetSettings(
        Duration.ofSeconds(2),
        5,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        null,
        null,
        5000,
        ServiceSettings.defaults());
  }

  /** These settings with what the starter of the fleet asked for on top. */
  public FleetSettings with(FleetInput.Overrides o) {
    if (o == null) {
      return this;
    }
    return new FleetSettings(
        batchWindow,
        o.maxInFlight() != null ? o.maxInFlight() : maxInFlight,
        o.deferDuration() != null ? o.deferDuration() : deferDuration,
        reloadInterval,
        capacityCpuMillis,
        capacityMemoryBytes,
        maxHistoryEvents,
        o.dryRun() != null ? service.withDryRun(o.dryRun()) : service,
        watch);
  }

  /** With idle evaluation in shard watchers (null: each service on its own timer). */
  public FleetSettings withWatch(WatchSettings value) {
    return new FleetSettings(
        batchWindow,
        maxInFlight,
        deferDuration,
        reloadInterval,
        capacityCpuMillis,
        capacityMemoryBytes,
        maxHistoryEvents,
        service,
        value);
  }

  public FleetSettings withService(ServiceSettings value) {
    return new FleetSettings(
        batchWindow,
        maxInFlight,
        deferDuration,
        reloadInterval,
        capacityCpuMillis,
        capacityMemoryBytes,
        maxHistoryEvents,
        value,
        watch);
  }

  public FleetSettings withMaxInFlight(int value) {
    return new FleetSettings(
        batchWindow,
        value,
        deferDuration,
        reloadInterval,
        capacityCpuMillis,
        capacityMemoryBytes,
        maxHistoryEvents,
        service,
        watch);
  }

  public FleetSettings withMaxHistoryEvents(int value) {
    return new FleetSettings(
        batchWindow,
        maxInFlight,
        deferDuration,
        reloadInterval,
        capacityCpuMillis,
        capacityMemoryBytes,
        value,
        service,
        watch);
  }
}
