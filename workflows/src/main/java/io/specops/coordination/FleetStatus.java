package io.specops.coordination;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's status query: the fleet's services and their workflow ids, the capacity ledger,
 * operations in flight, requests waiting, deferrals and recent conflicts. Per-service metrics come
 * from each service workflow's own status query (a workflow cannot query others, and pushing every
 * evaluation to the coordinator would cost an action each); clients combine the two into seed 000's
 * dashboard ({@link FleetDashboard}).
 */
public record FleetStatus(
    String fleet,
    List<Entry> services,
    ClusterCapacity capacity,
    long reservedCpuMillis,
    long reservedMemoryBytes,
    List<Reservation> inFlight,
    List<CapacityRequest> waiting,
    Map<String, Instant> deferredUntil,
    List<ConflictSummary> recentConflicts,
    List<String> blueprintErrors,
    int maxInFlight,
    Duration deferDuration,
    long rounds) {

  /** One service of the fleet. */
  public record Entry(
      String name,
      String workflowId,
      String priority,
      String criticality,
      int priorityScore,
      List<String> dependencies,
      String state,
      long cpuRequestMillis,
      long memoryRequestBytes) {}
}
