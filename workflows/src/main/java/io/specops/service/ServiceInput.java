package io.specops.service;

import io.specops.blueprint.Blueprint;

/**
 * Input of a service workflow: its blueprint, the coordinator's workflow id (null when the service
 * runs on its own), worker settings, and the state carried from the previous run (null at first).
 */
public record ServiceInput(
    Blueprint blueprint,
    String fleetWorkflowId,
    ServiceSettings settings,
    ServiceState state,
    String watcherWorkflowId) {

  public ServiceInput(
      Blueprint blueprint, String fleetWorkflowId, ServiceSettings settings, ServiceState state) {
    this(blueprint, fleetWorkflowId, settings, state, null);
  }

  public static ServiceInput standalone(Blueprint blueprint) {
    return new ServiceInput(blueprint, null, ServiceSettings.defaults(), null);
  }
}
