package io.specops.coordination;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The fleet's coordinator, id {@code specops-fleet-<fleet>}: starts one service workflow per
 * blueprint, keeps the capacity ledger and answers capacity requests, resolving conflicts by
 * criticality.
 */
@WorkflowInterface
public interface FleetWorkflow {

  static String workflowId(String fleet) {
    return "specops-fleet-" + fleet;
  }

  @WorkflowMethod(name = "FleetWorkflow")
  void run(FleetInput input);

  /** Sent by a service workflow before an operation. */
  @SignalMethod(name = "request_capacity")
  void requestCapacity(CapacityRequest request);

  /** Sent by a service workflow as its granted operation executes and finishes. */
  @SignalMethod(name = "operation_event")
  void operationEvent(OperationEvent event);

  /**
   * Re-read the blueprint directory now: start added services, stop removed ones, update changed
   * ones.
   */
  @SignalMethod(name = "reload")
  void reload();

  /**
   * Stop one service's workflow and hold it: reloads do not restart it until {@code start_service}
   * (seed 003's {@code stop SERVICE}).
   */
  @SignalMethod(name = "stop_service")
  void stopService(String service);

  /** Start a service held by {@code stop_service} (or ended) again, on its last blueprint. */
  @SignalMethod(name = "start_service")
  void startService(String service);

  /** Stop every service workflow and end. */
  @SignalMethod(name = "stop")
  void stop();

  @QueryMethod(name = "status")
  FleetStatus status();
}
