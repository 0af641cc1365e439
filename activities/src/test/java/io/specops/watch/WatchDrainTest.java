package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.audit.AuditLog;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.service.Evaluator;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    WatchActivitiesImpl watches =
        new WatchActivitiesImpl(
            new Evaluator(null, new DecisionEngine(), new GovernanceEngine()),
            new AuditLog(audit),
            null,
            Clock.systemUTC(),
            null);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(watches);
      WatchActivities watch =
          env.newActivityStub(
              WatchActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofHours(2))
                  .setHeartbeatTimeout(Duration.ofSeconds(60))
                  .build());
      // a paused service needs no metrics: the watch only keeps its place
      WatchedService paused =
          new WatchedService(
              "frontend", "specops-service-frontend", TestBlueprints.frontend(), true);
      CompletableFuture<WatchProgress> lease =
          CompletableFuture.supplyAsync(
              () ->
                  watch.watch(
                      new WatchRequest(
                          "default", 0, List.of(paused), WatchSettings.defaults(), null)));
      Thread.sleep(1000);
      assertThat(lease).as("an hour's lease, running").isNotDone();

      watches.drain();

      WatchProgress handedBack = lease.get(30, TimeUnit.SECONDS);
      assertThat(handedBack.services()).containsOnlyKeys("frontend");
    } finally {
      env.close();
    }
  }
}
