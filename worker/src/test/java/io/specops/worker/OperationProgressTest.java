package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.specops.client.FleetClient;
import io.specops.service.ServicePhase;
import io.specops.service.ServiceStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched service waits for its new pods inside one heart-beating activity; while it does, status
 * shows the rollout as the Deployment has it (3 desired, 2 ready), not the 2 replicas of the
 * evaluation before the scale (the activity's first heartbeat goes out at once; later ones every 24
 * s, the SDK's throttle, so the settle is unit-tested in OperationReadingTest).
 */
class OperationProgressTest {
  @TempDir Path work;

  @Test
  void statusShowsTheRolloutWhileAWatchedServiceWaitsForItsPods() throws Exception {
    Path slow = work.resolve("slow-seed-001.yaml");
    Files.writeString(
        slow,
        new String(
                getClass().getResourceAsStream("/scenarios/seed-001.yaml").readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("startup_delay: 50s", "startup_delay: 12s"));
    try (TestWorker worker =
        TestWorker.start(work, "seed-001", false, "--specops.scenario=" + slow)) {
      FleetClient client = DashboardIT.client(worker.target());
      client.startFleet("default", null, worker.blueprints().toString(), null, null);

      AtomicReference<ServiceStatus> waiting = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> rollout(client, ServicePhase.WAITING_FOR_PODS, waiting));
      ServiceStatus s = waiting.get();
      assertThat(s.watcherWorkflowId()).as("a watched service").isNotNull();
      assertThat(s.observed().replicas()).as("the evaluation before the scale").isEqualTo(2);
      assertThat(s.operation().desiredReplicas()).isEqualTo(3);
      assertThat(s.operation().readyReplicas()).isEqualTo(2);

      OperatorInterfacesTest.Cli one =
          OperatorInterfacesTest.cliAt(worker.target(), "status", "todo-frontend");
      assertThat(one.out())
          .contains("scale_up 2 -> 3: waiting for pods (3 desired, 2 ready)")
          .contains("replicas     3 desired, 2 ready (bounds 1-5)")
          .contains("next after the operation");
      OperatorInterfacesTest.Cli fleet = OperatorInterfacesTest.cliAt(worker.target(), "status");
      assertThat(fleet.out())
          .contains("Replicas: 2 / 3 ready")
          .contains("Last Operation: scale_up 2 -> 3, waiting for pods (started")
          .contains("next after the operation");
    }
  }

  /** Whether the frontend's operation is in {@code phase} with a reading of its workload. */
  private static boolean rollout(
      FleetClient client, ServicePhase phase, AtomicReference<ServiceStatus> seen) {
    try {
      ServiceStatus s = client.status("todo-frontend");
      if (s.operation() != null
          && s.operation().phase() == phase
          && s.operation().desiredReplicas() != null) {
        seen.set(s);
        return true;
      }
    } catch (RuntimeException notYet) {
      // the fleet has not started the service yet
    }
    return false;
  }
}
