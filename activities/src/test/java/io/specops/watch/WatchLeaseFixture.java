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
import java.time.Instant;

/**
 * A watch activity on the SDK's activity test environment, with the production heartbeat timeout
 * (60 s) and no Temporal client (nothing here wakes a workflow).
 */
record WatchLeaseFixture(
    WatchActivitiesImpl watches, TestActivityEnvironment env, WatchActivities watch)
    implements AutoCloseable {

  static WatchLeaseFixture start(MetricsSource metrics, Path audit) {
    WatchActivitiesImpl watches =
        new WatchActivitiesImpl(
            new Evaluator(metrics, new DecisionEngine(), new GovernanceEngine()),
            new AuditLog(audit),
            null,
            Clock.systemUTC(),
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
  static final MetricsSource QUIET =
      bp ->
          new MetricsSnapshot(
              bp.name(),
              3,
              3,
              3,
              new Metrics(0.45, 0.5, 60.0, 100.0, 120.0, 0.001),
              Instant.now(),
              "test");

  /** Seed 001's backend (quiet at 45 % CPU) under another name, evaluated every 3 s. */
  static WatchedService watched(String name) {
    Blueprint bp =
        BlueprintParser.parse(
            name + ".yaml",
            TestBlueprints.yaml("backend").replace("name: todo-backend", "name: " + name)
                + "  evaluation:\n    interval: 3s\n");
    return new WatchedService(name, "specops-service-" + name, bp, false);
  }

  @Override
  public void close() {
    env.close();
  }
}
