package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status views read a watched service's evaluations from its watch's heartbeats, which go out once
 * per pacing (48 s in production). A new lease's first heartbeat therefore waits for every
 * service's first evaluation (spread over its interval): a new fleet's first view shows them all,
 * where a heartbeat at the lease's start showed services never evaluated for the next 48 s.
 */
class WatchFirstHeartbeatTest {
  @TempDir Path audit;

  @Test
  void aNewLeasesFirstHeartbeatCarriesEveryServicesFirstEvaluation() throws Exception {
    List<WatchProgress> heartbeats = new CopyOnWriteArrayList<>();
    try (WatchLeaseFixture lease = WatchLeaseFixture.start(WatchLeaseFixture.QUIET, audit)) {
      lease.env().setActivityHeartbeatListener(WatchProgress.class, heartbeats::add);
      List<WatchedService> services =
          List.of(
              WatchLeaseFixture.watched("orders"),
              WatchLeaseFixture.watched("payments"),
              WatchLeaseFixture.watched("search"));
      Instant started = Instant.now();
      CompletableFuture<WatchProgress> running = lease.start(services, null);
      while (heartbeats.isEmpty() && Duration.between(started, Instant.now()).toSeconds() < 20) {
        Thread.sleep(100);
      }
      Duration waited = Duration.between(started, Instant.now());
      lease.watches().drain();
      running.get(30, TimeUnit.SECONDS);

      assertThat(heartbeats).as("a heartbeat within 20 s").isNotEmpty();
      WatchProgress first = heartbeats.get(0);
      assertThat(first.services().values())
          .as("every service in the first heartbeat has been evaluated")
          .hasSize(3)
          .allSatisfy(p -> assertThat(p.lastEvaluatedAt()).isNotNull());
      assertThat(waited)
          .as("within the 3 s interval the evaluations are spread over, not a 48 s pacing")
          .isLessThan(Duration.ofSeconds(10));
    }
  }
}
