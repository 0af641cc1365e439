package io.specops.coordination;

import java.util.List;
import java.util.Map;

/**
 * What the fleet's blueprint directory held when read: the valid blueprints and every error in the
 * others.
 */
public record BlueprintSet(
    String directory,
    List<LoadedBlueprint> blueprints,
    List<String> errors,
    Map<String, Double> sharedBudgets) {

  public BlueprintSet(String directory, List<LoadedBlueprint> blueprints, List<String> errors) {
    this(directory, blueprints, errors, null);
  }

  /** The fleet file's budgets (none in histories recorded before fleet files existed). */
  @Override
  public Map<String, Double> sharedBudgets() {
    return sharedBudgets == null ? Map.of() : sharedBudgets;
  }
}
