package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        new ProcessBuilder(
                "bash", "-c", "trap 'sleep 1; exit 0' TERM; while true; do sleep 0.1; done")
            .start();
    Thread.sleep(300); // the trap is set
    Instant asked = Instant.now();
    WorkerCommand.stop(child, Duration.ofSeconds(10));
    assertThat(child.isAlive()).as("the worker, when stop returns").isFalse();
    assertThat(child.exitValue()).isZero();
    assertThat(Duration.between(asked, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aWorkerThatDoesNotStopIsKilledAfterThePatience() throws Exception {
    Process child =
        new ProcessBuilder("bash", "-c", "trap '' TERM; while true; do sleep 0.1; done").start();
    Thread.sleep(300);
    WorkerCommand.stop(child, Duration.ofMillis(500));
    assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
  }
}
