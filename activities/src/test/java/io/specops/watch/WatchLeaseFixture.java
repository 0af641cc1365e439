package io.specops.watch;

import io.specops.audit.AuditLog;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.service.Evaluator;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A watch activity on the SDK's activity test environment, with the production heartbeat timeout
 * (60 s) and no Temporal client (nothing here wakes a workflow).
 */
record WatchLeaseFixture(
    WatchActivitiesImpl watches, TestActivityEnvironment env, WatchActivities watch)
    implements AutoCloseable {

  static WatchLeaseFixture start(MetricsSource metrics, Path audit) {
    return start(metrics, audit, Clock.systemUTC());
  }

  /** On a worker whose clock is {@code clock}: the SDK's test server keeps the right time. */
  static WatchLeaseFixture start(MetricsSource metrics, Path audit, Clock clock) {
    WatchActivitiesImpl watches =
        new WatchActivitiesImpl(
            new Evaluator(metrics, new DecisionEngine(), new GovernanceEngine()).withClock(clock),
            new AuditLog(audit),
            null,
            clock,
            null);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(watches);
    WatchActivities watch =
        env.newActivityStub(
            WatchActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofHours(2))
                .setHeartbeatTimeout(Duration.ofSeconds(60))
                .build());
    return new WatchLeaseFixture(watches, env, watch);
  }

  /** Quiet metrics: 3 of 3 pods ready at 45 % CPU, now. */
  static final MetricsSource QUIET = quiet(Clock.systemUTC());

  /** The same, stamped by {@code clock}. */
  static MetricsSource quiet(Clock clock) {
    return bp ->
        new MetricsSnapshot(
            bp.name(),
            3,
            3,
            3,
            new Metrics(0.45, 0.5, 60.0, 100.0, 120.0, 0.001),
            clock.instant(),
            "test");
  }

  /** Seed 001's backend (quiet at 45 % CPU) under another name, evaluated every 3 s. */
  static WatchedService watched(String name) {
    Blueprint bp =
        BlueprintParser.parse(
            name + ".yaml",
            TestBlueprints.yaml("backend").replace("name: todo-backend", "name: " + name)
                + "  evaluation:\n    interval: 3s\n");
    return new WatchedService(name, "specops-service-" + name, bp, false);
  }

  /** A lease of {@code services} from {@code progress} (null: the first), running meanwhile. */
  CompletableFuture<WatchProgress> start(List<WatchedService> services, WatchProgress progress) {
    return CompletableFuture.supplyAsync(
        () ->
            watch.watch(
                new WatchRequest("default", 0, services, WatchSettings.defaults(), progress)));
  }

  /** A lease run for {@code time}, then drained: the progress it hands back. */
  WatchProgress runFor(Duration time, List<WatchedService> services, WatchProgress progress)
      throws Exception {
    CompletableFuture<WatchProgress> running = start(services, progress);
    Thread.sleep(time.toMillis());
    watches.drain();
    return running.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    env.close();
  }
}
