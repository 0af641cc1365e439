package io.specops.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet file's budgets and a blueprint's per-replica shared resources; bad input names file,
 * field and line.
 */
class FleetFileTest {
  @TempDir Path dir;

  @Test
  void budgetsAndPerReplicaUse() throws Exception {
    Files.writeString(
        dir.resolve("fleet.yaml"),
        """
        shared_resources:
          db_connections:
            budget: 200
            description: orders-db max_connections less the admins' reserve
          payments_api_rps: {budget: 50}
        """);
    Files.writeString(
        dir.resolve("backend.yaml"),
        TestBlueprints.yaml("backend")
            .replace("memory_limit: 1Gi", "memory_limit: 1Gi\n    shared: {db_connections: 20}"));
    assertThat(FleetFile.budgets(dir))
        .containsEntry("db_connections", 200.0)
        .containsEntry("payments_api_rps", 50.0);
    BlueprintLoader.Result loaded = BlueprintLoader.loadDirectory(dir);
    assertThat(loaded.errors()).as("fleet.yaml is not read as a blueprint").isEmpty();
    assertThat(loaded.blueprints())
        .singleElement()
        .satisfies(
            b -> assertThat(b.spec().resources().shared()).containsEntry("db_connections", 20.0));
    assertThat(FleetFile.budgets(dir.resolve("nowhere"))).isEmpty();
  }

  @Test
  void badBudgetsAndSharesAreClearErrors() {
    assertThatThrownBy(
            () ->
                FleetFile.parse("fleet.yaml", "shared_resources:\n  db_connections: {budjet: 5}\n"))
        .hasMessageContaining("fleet.yaml")
        .hasMessageContaining("shared_resources.db_connections.budjet")
        .hasMessageContaining("did you mean \"budget\"");
    assertThatThrownBy(
            () ->
                FleetFile.parse(
                    "fleet.yaml", "shared_resources:\n  db_connections: {budget: -1}\n"))
        .hasMessageContaining("must be 0 or more");
    assertThatThrownBy(
            () ->
                BlueprintParser.parse(
                    "b.yaml",
                    TestBlueprints.yaml("backend")
                        .replace(
                            "memory_limit: 1Gi",
                            "memory_limit: 1Gi\n    shared: {db_connections: lots}")))
        .hasMessageContaining("spec.resources.shared")
        .hasMessageContaining("got \"lots\"");
  }
}
