package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  @Test
  void theRepositoryBlueprintsAreValid() {
    CliRunner r =
        CliRunner.run("validate", TestBlueprints.repoRoot().resolve("blueprints").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("(todo-frontend)").contains("(todo-backend)");
  }

  @Test
  void minAboveMaxAndABadCpuRequestExitOneNamingBothFieldsAndTheFile(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        metadata:
          name: broken
        spec:
          scaling:
            min_replicas: 6
            max_replicas: 5
          resources:
            cpu_request: 50x
            memory_request: 128Mi
          performance:
            latency_p95_target: 200ms
        """);
    CliRunner r = CliRunner.run("validate", file.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("bad.yaml: spec.scaling.min_replicas (6) > max_replicas (5)"));
    assertThat(r.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(
                        "bad.yaml: spec.resources.cpu_request: \"50x\" is not a CPU quantity"));
    assertThat(r.out()).contains("2 errors");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"decide", "validate", "demo"}) {
      CliRunner r = CliRunner.run(command, "--help");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).startsWith("Usage: specops " + command);
      assertThat(r.err()).doesNotContain("WARN");
    }
  }
}
