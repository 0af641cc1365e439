package io.specops.watch;

import io.specops.audit.AuditLog;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.metrics.MetricsSource;
import io.specops.service.Evaluator;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

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

  @Override
  public void close() {
    env.close();
  }
}
