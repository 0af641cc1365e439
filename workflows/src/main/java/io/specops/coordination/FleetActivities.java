package io.specops.coordination;

import io.specops.kubernetes.WorkloadRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** The coordinator's view of the outside: its blueprints and the cluster's capacity. */
@ActivityInterface
public interface FleetActivities {

  /**
   * Reads and validates every blueprint under a directory; what was loaded is recorded in the
   * workflow's history.
   */
  @ActivityMethod(name = "LoadBlueprints")
  BlueprintSet loadBlueprints(String directory);

  /**
   * The workflows among {@code workflowIds} that are no longer running, with how they ended
   * (completed, failed, terminated, canceled, timed_out, not_found).
   */
  @ActivityMethod(name = "FindClosedServices")
  Map<String, String> closedWorkflows(List<String> workflowIds);

  /** The coordinator and service settings this worker is configured with. */
  @ActivityMethod(name = "WorkerSettings")
  FleetSettings workerSettings();

  /**
   * The replicas each service's workload asks for now (by service name), for the shared-resource
   * ledger.
   */
  @ActivityMethod(name = "ReadReplicas")
  Map<String, Integer> readReplicas(Map<String, WorkloadRef> workloads);

  /**
   * The room left in each ResourceQuota of these namespaces (hard minus used), by the pooled names
   * of {@link io.specops.kubernetes.QuotaShare#key}: what the services of a namespace that scale up
   * together share.
   */
  @ActivityMethod(name = "ReadQuotaRoom")
  Map<String, Double> readQuotaRoom(List<String> namespaces);

  /** The nodes' allocatable CPU and memory and what the pods request. */
  @ActivityMethod(name = "ReadClusterCapacity")
  ClusterCapacity readCapacity();

  /**
   * Waits out the coordinator's batch window, then reads the capacity as {@link #readCapacity}
   * does: one billed action where a timer and a read were two (docs/scaling.md). A retry reads at
   * once: its window has passed.
   */
  @ActivityMethod(name = "ReadClusterCapacityAfterWindow")
  ClusterCapacity readCapacityAfterWindow(long windowMillis);
}
