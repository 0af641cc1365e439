package io.specops.coordination;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintLoader;
import io.specops.blueprint.ValidationError;
import io.specops.kubernetes.ClusterCapacityReader;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the fleet's blueprints from the worker's disk and reads the cluster's capacity. */
public final class FleetActivitiesImpl implements FleetActivities {
  private final ClusterCapacityReader capacity;

  public FleetActivitiesImpl(ClusterCapacityReader capacity) {
    this.capacity = capacity;
  }

  @Override
  public BlueprintSet loadBlueprints(String directory) {
    Path dir = Path.of(directory);
    if (!Files.isDirectory(dir)) {
      throw ApplicationFailure.newNonRetryableFailure("no blueprint directory " + dir.toAbsolutePath()
          + " on the worker (blueprints_dir is read where the worker runs)", "NoBlueprintDirectory");
    }
    BlueprintLoader.Result result = BlueprintLoader.loadDirectory(dir);
    List<LoadedBlueprint> loaded = new ArrayList<>();
    for (Blueprint bp : result.blueprints()) {
      try {
        loaded.add(new LoadedBlueprint(bp, Files.readString(Path.of(bp.source()))));
      } catch (IOException e) {
        throw ApplicationFailure.newFailure("cannot re-read " + bp.source() + ": " + e.getMessage(), "BlueprintUnreadable");
      }
    }
    return new BlueprintSet(directory, loaded, result.errors().stream().map(ValidationError::toString).toList());
  }

  @Override
  public ClusterCapacity readCapacity() {
    return capacity.read();
  }
}
