package io.specops.coordination;

import io.specops.blueprint.Blueprint;

/**
 * A service of the fleet, as the coordinator tracks it: its blueprint (and YAML) and its workflow's
 * state.
 */
public record FleetService(
    String name, String workflowId, Blueprint blueprint, String yaml, String state) {

  public FleetService withState(String newState) {
    return new FleetService(name, workflowId, blueprint, yaml, newState);
  }
}
