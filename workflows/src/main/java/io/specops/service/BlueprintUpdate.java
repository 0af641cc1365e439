package io.specops.service;

/**
 * The payload of the update_blueprint signal: the new blueprint's YAML and the file it came from.
 */
public record BlueprintUpdate(String source, String yaml) {}
