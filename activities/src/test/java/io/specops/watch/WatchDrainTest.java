package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopping worker (GracefulShutdown in the worker) tells its watches; each hands its progress
 * back at its next tick instead of running to the end of its lease, an hour in production, past the
 * worker's 30 s drain.
 */
class WatchDrainTest {
  @TempDir Path audit;

  @Test
  void aDrainedWatchHandsItsProgressBackAtItsNextTickNotAtTheEndOfItsLease() throws Exception {
    try (WatchLeaseFixture lease = WatchLeaseFixture.start(null, audit)) {
      // a paused service needs no metrics: the watch only keeps its place
      WatchedService paused =
          new WatchedService(
              "frontend", "specops-service-frontend", TestBlueprints.frontend(), true);
      CompletableFuture<WatchProgress> running = lease.start(List.of(paused), null);
      Thread.sleep(1000);
      assertThat(running).as("an hour's lease, running").isNotDone();

      lease.watches().drain();

      WatchProgress handedBack = running.get(30, TimeUnit.SECONDS);
      assertThat(handedBack.services()).containsOnlyKeys("frontend");
    }
  }
}
