package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
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
    MetricsSource quiet =
        bp ->
            new MetricsSnapshot(
                bp.name(),
                3,
                3,
                3,
                new Metrics(0.45, 0.5, 60.0, 100.0, 120.0, 0.001),
                Instant.now(),
                "test");
    List<WatchProgress> heartbeats = new CopyOnWriteArrayList<>();
    try (WatchLeaseFixture lease = WatchLeaseFixture.start(quiet, audit)) {
      lease.env().setActivityHeartbeatListener(WatchProgress.class, heartbeats::add);
      WatchActivities watch = lease.watch();
      List<WatchedService> services =
          List.of(watched("orders"), watched("payments"), watched("search"));
      Instant started = Instant.now();
      CompletableFuture<WatchProgress> running =
          CompletableFuture.supplyAsync(
              () ->
                  watch.watch(
                      new WatchRequest("default", 0, services, WatchSettings.defaults(), null)));
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

  /** Seed 001's backend (quiet at 45 % CPU) under another name, evaluated every 3 s. */
  private static WatchedService watched(String name) {
    Blueprint bp =
        BlueprintParser.parse(
            name + ".yaml",
            TestBlueprints.yaml("backend").replace("name: todo-backend", "name: " + name)
                + "  evaluation:\n    interval: 3s\n");
    return new WatchedService(name, "specops-service-" + name, bp, false);
  }
}
