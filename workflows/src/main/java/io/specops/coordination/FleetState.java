package io.specops.coordination;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the coordinator carries across continue-as-new: its services, the capacity ledger
 * (reservations of granted operations), requests not answered yet, deferrals, and recent conflicts.
 */
public record FleetState(
    Map<String, FleetService> services,
    List<Reservation> reservations,
    List<CapacityRequest> pending,
    Map<String, Instant> deferredUntil,
    List<ConflictSummary> recentConflicts,
    ClusterCapacity lastCapacity,
    Instant lastReloadAt,
    List<String> blueprintErrors,
    long rounds,
    int runs,
    Map<String, Double> sharedBudgets,
    Integer watchShards) {

  public FleetState(
      Map<String, FleetService> services,
      List<Reservation> reservations,
      List<CapacityRequest> pending,
      Map<String, Instant> deferredUntil,
      List<ConflictSummary> recentConflicts,
      ClusterCapacity lastCapacity,
      Instant lastReloadAt,
      List<String> blueprintErrors,
      long rounds,
      int runs) {
    this(
        services,
        reservations,
        pending,
        deferredUntil,
        recentConflicts,
        lastCapacity,
        lastReloadAt,
        blueprintErrors,
        rounds,
        runs,
        null,
        null);
  }

  @Override
  public Map<String, Double> sharedBudgets() {
    return sharedBudgets == null ? Map.of() : sharedBudgets;
  }
}
