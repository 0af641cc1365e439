package io.specops.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Input of the coordinator: the fleet's name, and either where the worker loads the blueprints from
 * ({@code blueprints_dir}) or the blueprints themselves; settings; and the state carried from the
 * previous run (null at first). As JSON: {@code {"fleet": "default", "blueprints_dir":
 * "blueprints"}}.
 */
public record FleetInput(
    String fleet,
    String blueprintsDir,
    List<LoadedBlueprint> blueprints,
    FleetSettings settings,
    FleetState state,
    Overrides overrides,
    Map<String, Double> sharedBudgets) {

  public FleetInput(
      String fleet,
      String blueprintsDir,
      List<LoadedBlueprint> blueprints,
      FleetSettings settings,
      FleetState state) {
    this(fleet, blueprintsDir, blueprints, settings, state, null, null);
  }

  public FleetInput(
      String fleet,
      String blueprintsDir,
      List<LoadedBlueprint> blueprints,
      FleetSettings settings,
      FleetState state,
      Overrides overrides) {
    this(fleet, blueprintsDir, blueprints, settings, state, overrides, null);
  }

  /**
   * The fleet file's budgets, sent with the blueprints (none: the worker's directory has them, or
   * there are none).
   */
  @Override
  public Map<String, Double> sharedBudgets() {
    return sharedBudgets == null ? Map.of() : sharedBudgets;
  }

  /**
   * What the one who starts the fleet changes from the worker's settings (null: keep the worker's),
   * e.g. {@code {"dry_run": true}} from {@code specops fleet start --dry-run}.
   */
  public record Overrides(Boolean dryRun, Integer maxInFlight, Duration deferDuration) {}
}
