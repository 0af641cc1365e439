package io.specops.coordination;

import java.util.List;

/**
 * Input of the coordinator: the fleet's name, and either where the worker loads the blueprints
 * from ({@code blueprints_dir}) or the blueprints themselves; settings; and the state carried
 * from the previous run (null at first). As JSON:
 * {@code {"fleet": "default", "blueprints_dir": "blueprints"}}.
 */
public record FleetInput(String fleet, String blueprintsDir, List<LoadedBlueprint> blueprints, FleetSettings settings,
    FleetState state) {}
