package io.specops.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlueprintLoaderTest {

  @Test
  void loadsTheRepositoryBlueprintsDirectory() {
    BlueprintLoader.Result result =
        BlueprintLoader.load(TestBlueprints.repoRoot().resolve("blueprints"));
    assertThat(result.errors()).isEmpty();
    assertThat(result.blueprints())
        .extracting(Blueprint::name)
        .containsExactlyInAnyOrder("todo-frontend", "todo-backend");
  }

  @Test
  void duplicateServiceNamesInOneDirectoryAreRefused(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("a/blueprint.yaml"), TestBlueprints.yaml("frontend"));
    Files.writeString(dir.resolve("b/blueprint.yaml"), TestBlueprints.yaml("frontend"));
    BlueprintLoader.Result result = BlueprintLoader.load(dir);
    assertThat(result.blueprints()).hasSize(1);
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("metadata.name");
              assertThat(e.message())
                  .contains("service \"todo-frontend\" is already defined in")
                  .contains("a/blueprint.yaml");
            });
  }

  @Test
  void errorsFromEveryFileAreCollected(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("one.yaml"), "metadata: {name: Bad_Name}\n");
    Files.writeString(dir.resolve("two.yml"), "::: not yaml");
    BlueprintLoader.Result result = BlueprintLoader.load(dir);
    assertThat(result.blueprints()).isEmpty();
    assertThat(result.errors())
        .extracting(ValidationError::file)
        .anyMatch(f -> f.endsWith("one.yaml"))
        .anyMatch(f -> f.endsWith("two.yml"));
  }

  @Test
  void anEmptyDirectoryIsAnError(@TempDir Path dir) {
    assertThat(BlueprintLoader.load(dir).errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("no blueprints (*.yaml) found"));
  }
}
