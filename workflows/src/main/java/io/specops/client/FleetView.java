package io.specops.client;

import io.specops.coordination.ClusterCapacity;
import io.specops.coordination.FleetDashboard;
import io.specops.coordination.FleetStatus;
import io.specops.service.ServiceStatus;
import java.time.Instant;
import java.util.List;

/**
 * What a client shows for a fleet: the coordinator's status and each service's own status (seed
 * 000's dashboard). Services whose workflow did not answer are listed in {@code unreachable}.
 */
public record FleetView(
    String fleet,
    Instant at,
    FleetStatus coordinator,
    List<ServiceStatus> services,
    ClusterCapacity cluster,
    List<String> unreachable) {

  public long minReplicaCpuMillis() {
    return coordinator == null
        ? 0
        : coordinator.services().stream()
            .mapToLong(FleetStatus.Entry::cpuRequestMillis)
            .min()
            .orElse(0);
  }

  public long minReplicaMemoryBytes() {
    return coordinator == null
        ? 0
        : coordinator.services().stream()
            .mapToLong(FleetStatus.Entry::memoryRequestBytes)
            .min()
            .orElse(0);
  }

  /**
   * The blueprints the coordinator refused at its last (re)load, one line per error and what to do,
   * or "" when none were: a refused service is otherwise only in the worker's log.
   */
  public String refusedBlueprints() {
    List<String> errors = coordinator == null ? null : coordinator.blueprintErrors();
    if (errors == null || errors.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    errors.forEach(e -> out.append("Refused blueprint: ").append(e).append('\n'));
    out.append("  not running; fix it, then: specops fleet reload\n");
    return out.toString();
  }

  public String dashboard() {
    return FleetDashboard.render(
        services, cluster, minReplicaCpuMillis(), minReplicaMemoryBytes(), at);
  }
}
