package io.specops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's budget, held: with watchers, an idle service-hour costs at most one Temporal action,
 * counted as Temporal Cloud bills it (history actions of the service and watcher workflows,
 * heartbeats sent, watch restarts per lease). 200 idle services in one shard, the production
 * watcher settings, on the Java test server in real time; `specops bench` prints the same probe at
 * 1 000-10 000 services.
 */
class WatchCostTest {
  @TempDir Path work;

  @Test
  void anIdleServiceHourCostsAtMostOneAction() throws Exception {
    int port = FreePorts.next();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    try {
      WatchProbe.Result r =
          WatchProbe.run(
              "test",
              "127.0.0.1:" + port,
              200,
              Duration.ofSeconds(10),
              Duration.ofSeconds(30),
              1,
              work,
              null,
              System.out::println);
      System.out.println("watched idle services: " + r);
      assertThat(r.samples())
          .as("every due evaluation made: 200 services every 10 s over 30 s")
          .isGreaterThanOrEqualTo(540);
      assertThat(r.actionsByKind())
          .as("no timer, no local activity, no signal while idle")
          .doesNotContainKeys("timer", "local_activities", "signal");
      assertThat(r.eventsPerIdleServiceHour()).as("idle histories stay empty").isZero();
      assertThat(r.actionsByKind().get("heartbeat"))
          .as(
              "the heartbeats sent: one per 48 s (0.8 x the 60 s heartbeat timeout) for the shard's"
                  + " 200 services, 0.375 per service-hour")
          .isBetween(0.33, 0.42);
      assertThat(r.actionsPerIdleServiceHour()).isLessThanOrEqualTo(1.0);
    } finally {
      server.close();
    }
  }
}
