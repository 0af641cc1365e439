package io.specops.coordination;

import io.specops.blueprint.Blueprint;

/**
 * A blueprint as loaded from disk, with its YAML, so a change can be signalled to the service as
 * text.
 */
public record LoadedBlueprint(Blueprint blueprint, String yaml) {}
