package io.specops.coordination;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

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
  java.util.Map<String, String> closedWorkflows(java.util.List<String> workflowIds);

  /** The coordinator and service settings this worker is configured with. */
  @ActivityMethod(name = "WorkerSettings")
  FleetSettings workerSettings();

  /**
   * The replicas each service's workload asks for now (by service name), for the shared-resource
   * ledger.
   */
  @ActivityMethod(name = "ReadReplicas")
  java.util.Map<String, Integer> readReplicas(
      java.util.Map<String, io.specops.kubernetes.WorkloadRef> workloads);

  /** The nodes' allocatable CPU and memory and what the pods request. */
  @ActivityMethod(name = "ReadClusterCapacity")
  ClusterCapacity readCapacity();
}
