package io.specops.coordination;

import java.util.List;

/** What the fleet's blueprint directory held when read: the valid blueprints and every error in the others. */
public record BlueprintSet(String directory, List<LoadedBlueprint> blueprints, List<String> errors) {}
