package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that cannot work as configured refuses to start, saying what is wrong and what to do: an
 * embedded worker told to start its fleet from a directory that is not there (a typo in
 * --blueprints), instead of running an empty fleet whose coordinator fails; a REST token list with
 * an empty token, which an empty bearer token would have matched.
 */
class WorkerStartRefusalTest {
  @TempDir Path work;

  @Test
  void anEmbeddedWorkerWithoutItsBlueprintDirectoryRefusesToStart() throws Exception {
    Path missing = work.resolve("blueprintz");
    assertThat(
            refusal(
                a ->
                    a.startsWith("--specops.start-fleet=")
                        ? "--specops.start-fleet=true"
                        : a.startsWith("--specops.blueprints=")
                            ? "--specops.blueprints=" + missing
                            : a))
        .contains("No blueprint directory " + missing)
        .contains("--no-fleet")
        .doesNotContain("LoadBlueprints");
  }

  @Test
  void aWorkerWhoseApiTokenListHasAnEmptyTokenRefusesToStartWithoutPrintingTokens()
      throws Exception {
    assertThat(
            refusal(
                a ->
                    a.startsWith("--specops.api.tokens=")
                        ? "--specops.api.tokens=alice:alice-secret-token,bob: "
                        : a))
        .contains("specops.api.tokens: entry 2 must be principal:token, with neither part empty")
        .contains("Correct the setting")
        .doesNotContain("alice-secret-token");
  }

  /**
   * The log of a test worker started with its arguments {@code edited}, which must exit 1 with
   * Spring's report and never get ready.
   */
  private String refusal(UnaryOperator<String> edited) throws Exception {
    List<String> args = new ArrayList<>(TestWorker.arguments(work, "seed-001", false));
    args.replaceAll(edited);
    args.add("--specops.embedded-port=" + TestWorker.freePort());
    WorkerProcess worker = WorkerProcess.start(args, Map.of(), work.resolve("worker.log"));
    try {
      assertThat(worker.waitForExit(Duration.ofSeconds(90))).isEqualTo(1);
      String log = Files.readString(worker.log());
      assertThat(log)
          .contains("APPLICATION FAILED TO START")
          .doesNotContain("SpecOps worker ready");
      return log;
    } finally {
      worker.close();
    }
  }
}
