package io.specops.coordination;

import io.specops.blueprint.Blueprint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fleet's services and where each stands: running, stopped, held by an operator (reloads leave
 * it stopped), or ended on its own. Plain state in the coordinator's order (as started, restored by
 * name): the coordinator starts and stops the workflows and records what changed.
 */
final class FleetRoster {
  static final String RUNNING = "running";
  static final String STOPPED = "stopped";

  /** A service an operator stopped: reloads leave it stopped. */
  static final String HELD = "held";

  private final Map<String, FleetService> services = new LinkedHashMap<>();

  static boolean running(FleetService s) {
    return RUNNING.equals(s.state());
  }

  FleetService get(String name) {
    return services.get(name);
  }

  boolean contains(String name) {
    return services.containsKey(name);
  }

  /** Every service, a copy: callers start and stop services while they iterate. */
  List<FleetService> all() {
    return List.copyOf(services.values());
  }

  List<FleetService> running() {
    return services.values().stream().filter(FleetRoster::running).toList();
  }

  Set<String> names() {
    return Collections.unmodifiableSet(services.keySet());
  }

  /** A service whose workflow runs now (started or adopted) with this blueprint. */
  void run(Blueprint blueprint, String workflowId, String yaml) {
    services.put(
        blueprint.name(), new FleetService(blueprint.name(), workflowId, blueprint, yaml, RUNNING));
  }

  /** The same workflow with a newer blueprint, in the given state. */
  void update(FleetService existing, Blueprint blueprint, String yaml, String state) {
    services.put(
        existing.name(),
        new FleetService(existing.name(), existing.workflowId(), blueprint, yaml, state));
  }

  void setState(String name, String state) {
    services.put(name, services.get(name).withState(state));
  }

  /** Read-only, for the conflict resolver. */
  Map<String, FleetService> view() {
    return Collections.unmodifiableMap(services);
  }

  /** What continue-as-new carries. */
  Map<String, FleetService> snapshot() {
    return new LinkedHashMap<>(services);
  }

  void restore(Map<String, FleetService> carried) {
    services.putAll(new TreeMap<>(carried));
  }
}
