package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.specops.client.FleetClient;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.testserver.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that is stopped (SIGTERM from a rolling update) hands its watches back before it exits:
 * the watcher's lease completes with its progress, so the next lease starts on another worker at
 * once instead of after the heartbeat timeout.
 */
class GracefulShutdownTest {
  private static final String WATCHER = "specops-watch-default-0";
  @TempDir Path work;

  @Test
  void aStoppedWorkerHandsItsWatchesBackBeforeItExits() throws Exception {
    int port = TestWorker.freePort();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    try {
      String target = "127.0.0.1:" + port;
      FleetClient client = DashboardIT.client(target);
      TestWorker worker =
          TestWorker.start(
              work,
              "--spring.temporal.connection.target=" + target,
              // the next heartbeat (where the SDK would say the worker stops) is far past the
              // worker's 30 s drain
              "--specops.coordinator.watch.heartbeat-every=10m",
              "--specops.coordinator.watch.heartbeat-timeout=15m");
      client.startFleet("default", null, worker.blueprints().toString(), null, null);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> leaseRunning(client));
      assertThat(leaseEvents(client)).doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);

      Instant stopping = Instant.now();
      worker.close();
      System.out.printf(
          "worker stopped in %d ms%n", Duration.between(stopping, Instant.now()).toMillis());

      assertThat(leaseEvents(client))
          .as("the watch lease, after its worker stopped")
          .contains(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    } finally {
      server.close();
    }
  }

  /**
   * `specops worker` on the embedded default, stopped with Ctrl-C: the worker hands its watch back
   * to its own server, which closes after it. (A server closed by a hook of its own went away
   * first: the SDK's calls were refused, the watch's slot was never released, and the worker took
   * its 30 s drain and more to exit, with stack traces.)
   */
  @Test
  void anEmbeddedWorkerStopsBeforeItsServer() throws Exception {
    int port = TestWorker.freePort();
    List<String> args = new ArrayList<>(TestWorker.arguments(work, "seed-001", false));
    args.replaceAll(a -> a.startsWith("--specops.start-fleet=") ? "--specops.start-fleet=true" : a);
    args.add("--specops.embedded-port=" + port);
    WorkerProcess worker = WorkerProcess.start(args, Map.of(), work.resolve("worker.log"));
    try {
      worker.awaitStarted(Duration.ofSeconds(90));
      FleetClient client = DashboardIT.client("127.0.0.1:" + port);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> leaseRunning(client));
      client.temporal().getWorkflowServiceStubs().shutdownNow();

      Instant stopping = Instant.now();
      worker.terminate();
      worker.waitForExit(Duration.ofSeconds(25));
      System.out.printf(
          "embedded worker stopped in %d ms%n",
          Duration.between(stopping, Instant.now()).toMillis());
      assertThat(Files.readString(worker.log()))
          .doesNotContain("failed to call shutdown worker")
          .doesNotContain("Connection refused")
          .doesNotContain("Wait for release of slots");
    } finally {
      worker.close();
    }
  }

  /**
   * The watch lease has been picked up by the worker (its history shows that only once it ends).
   */
  private static boolean leaseRunning(FleetClient client) {
    try {
      return client
          .temporal()
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(WATCHER))
                  .build())
          .getPendingActivitiesList()
          .stream()
          .anyMatch(a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    } catch (RuntimeException notStartedYet) {
      return false;
    }
  }

  private static List<EventType> leaseEvents(FleetClient client) {
    try {
      return client.temporal().fetchHistory(WATCHER).getEvents().stream()
          .map(HistoryEvent::getEventType)
          .filter(t -> t.name().startsWith("EVENT_TYPE_ACTIVITY_TASK"))
          .toList();
    } catch (RuntimeException notStartedYet) {
      return List.of();
    }
  }
}
