package io.specops.blueprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The seed blueprints from the repository's blueprints/ folder, for tests in every module. */
public final class TestBlueprints {
  private TestBlueprints() {}

  /** The repository root, found from the module directory tests run in. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("blueprints"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "blueprints/ not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public static Blueprint frontend() {
    return seed("frontend");
  }

  public static Blueprint backend() {
    return seed("backend");
  }

  public static Blueprint seed(String name) {
    String source = "blueprints/" + name + "/blueprint.yaml";
    return BlueprintParser.parse(source, yaml(name));
  }

  public static String yaml(String name) {
    try {
      return Files.readString(repoRoot().resolve("blueprints/" + name + "/blueprint.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid blueprint with the given scaling block; the rest is the seed frontend's. */
  public static String withScaling(String scalingYaml) {
    return """
        metadata:
          name: svc
        spec:
          scaling:
        %s
          resources:
            cpu_request: 50m
            memory_request: 128Mi
          performance:
            latency_p95_target: 200ms
        """
        .formatted(scalingYaml.indent(4).stripTrailing());
  }
}
