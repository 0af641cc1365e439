package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `specops worker` runs the worker as a child process; stopping the CLI stops the child. */
class WorkerCommandTest {
  @Test
  void stoppingWaitsForTheWorkerToFinishItsDrain() throws Exception {
    // a child that, like the worker, takes a moment to finish after SIGTERM
    Process child =
        trapping("trap 'sleep 1; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
    Instant asked = Instant.now();
    WorkerCommand.stop(child, Duration.ofSeconds(10));
    assertThat(child.isAlive()).as("the worker, when stop returns").isFalse();
    assertThat(child.exitValue()).isZero();
    assertThat(Duration.between(asked, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aWorkerThatDoesNotStopIsKilledAfterThePatience() throws Exception {
    Process child = trapping("trap '' TERM; echo ready; while true; do sleep 0.1; done");
    WorkerCommand.stop(child, Duration.ofMillis(500));
    assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
  }

  /** A bash child, returned once it has set its trap (it says "ready" after). */
  private static Process trapping(String script) throws Exception {
    Process child = new ProcessBuilder("bash", "-c", script).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("ready");
    }
    return child;
  }
}
