package io.specops.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.coordination.FleetWorkflowImpl;
import io.specops.notification.WebhookReceiver;
import io.specops.service.Harness;
import io.specops.service.ServicePhase;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.simulation.LoadProfile;
import io.specops.simulation.RandomFaults;
import io.specops.simulation.ScaleCall;
import io.specops.simulation.ScenarioLoader;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated API server fails 30% of SpecOps' requests (5xx, timeouts, 409 conflicts) while the
 * load swings: every operation still ends verified, partial, rolled back or failed without a
 * change; no write ever leaves the bounds; then a dead API opens the circuit breaker after 3
 * consecutive failures, and a healthy one closes it again after a successful half-open attempt.
 */
class KubernetesFaultsTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Harness.extension(ServiceWorkflowImpl.class, FleetWorkflowImpl.class);

  @TempDir Path auditDir;

  @Test
  void operationsEndCleanlyUnderThirtyPercentFaultsAndTheBreakerOpensAndCloses(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    try (Harness h =
            new Harness(
                env, worker, ScenarioLoader.load("seed-001"), auditDir, Duration.ofMillis(400));
        WebhookReceiver webhook = new WebhookReceiver()) {
      RandomFaults faults = new RandomFaults(0.30, Duration.ofMillis(800), 42);
      h.cluster.injectFaults(faults);
      // the frontend's load swings between 80 and 400 rps every 4 minutes
      h.cluster.setLoad("todo-app", "todo-frontend", t -> (t.toMinutes() / 4) % 2 == 0 ? 400 : 80);
      Blueprint bp =
          BlueprintParser.parse(
              "blueprints/frontend/blueprint.yaml",
              TestBlueprints.yaml("frontend")
                      .replace(
                          "scale_down_threshold: 40%",
                          "scale_down_threshold: 40%\n    cooldown: {scale_up: 30s, scale_down: 60s}")
                  + "  notifications:\n    webhook_url: "
                  + webhook.url()
                  + "\n");
      ServiceSettings settings =
          new ServiceSettings(
              Duration.ofSeconds(5),
              Duration.ofMinutes(2),
              Duration.ofSeconds(10),
              3,
              Duration.ofMinutes(3),
              2000,
              50,
              false);
      ServiceWorkflow wf = h.start(bp, settings);

      h.advance(Duration.ofMinutes(40));
      // every operation that started ends: the load stops swinging and the last one finishes
      h.cluster.setLoad("todo-app", "todo-frontend", LoadProfile.constant(180));
      assertThat(
              h.advanceUntil(Duration.ofMinutes(5), () -> wf.status().phase() == ServicePhase.IDLE))
          .isTrue();
      h.auditRecords().stream()
          .filter(r -> r.path("outcome").asText().equals("failed"))
          .forEach(r -> System.out.println("failed: " + r.at("/execution/stdout").asText()));
      Map<String, Integer> outcomes = outcomes(h.auditRecords());
      List<ScaleCall> writes =
          h.cluster.scaleCalls().stream()
              .filter(c -> c.status() == 200 && c.replicas() != null)
              .toList();
      System.out.printf(
          "30%% faults over %d API requests: %d server errors, %d timeouts, %d conflicts; %d scale writes; "
              + "operations by outcome %s%n",
          faults.requests(),
          faults.serverErrors(),
          faults.timeouts(),
          faults.conflicts(),
          writes.size(),
          outcomes);
      assertThat(faults.serverErrors() + faults.timeouts() + faults.conflicts()).isGreaterThan(20);
      assertThat(faults.conflicts()).as("409s on writes").isPositive();
      assertThat(outcomes.getOrDefault("verified", 0) + outcomes.getOrDefault("partial", 0))
          .isGreaterThanOrEqualTo(4);
      assertThat(writes).allSatisfy(c -> assertThat(c.replicas()).isBetween(1, 5));

      // the API refuses every change (reads still work, so SpecOps still sees the need to scale):
      // three operations fail in a row and the breaker opens. It starts from a known place, the
      // frontend put back to 2 replicas under a load that needs 5 (otherwise, at max_replicas
      // already, it would have nothing to ask for)
      faults.rate(0.0);
      h.advance(Duration.ofMinutes(2));
      h.kubernetes.apps().deployments().inNamespace("todo-app").withName("todo-frontend").scale(2);
      faults.rate(1.0);
      faults.writesOnly(true);
      h.cluster.setLoad("todo-app", "todo-frontend", LoadProfile.constant(400));
      int before = h.cluster.scaleCalls().size();
      assertThat(
              h.advanceUntil(
                  Duration.ofMinutes(20), () -> "open".equals(wf.status().breaker().state())))
          .isTrue();
      assertThat(h.cluster.scaleCalls().stream().skip(before).filter(c -> c.status() == 200))
          .isEmpty();
      // it comes back: after the cool-off a half-open attempt succeeds and closes the breaker
      faults.rate(0.0);
      faults.writesOnly(false);
      assertThat(
              h.advanceUntil(
                  Duration.ofMinutes(10),
                  () ->
                      "closed".equals(wf.status().breaker().state())
                          && wf.status().breaker().consecutiveFailures() == 0))
          .isTrue();
      h.advance(Duration.ofSeconds(5));
      List<JsonNode> records = h.auditRecords();
      assertThat(records)
          .anySatisfy(r -> assertThat(r.path("event").asText()).isEqualTo("breaker_opened"));
      assertThat(records)
          .anySatisfy(r -> assertThat(r.path("event").asText()).isEqualTo("breaker_closed"));
      assertThat(webhook.bodies())
          .anySatisfy(b -> assertThat(b).contains("\"event\":\"breaker_opened\""));
      assertThat(webhook.bodies())
          .anySatisfy(b -> assertThat(b).contains("\"event\":\"operation_failed\""));
      System.out.printf(
          "breaker: opened and closed again; %d notifications delivered%n",
          webhook.bodies().size());
    }
  }

  /** How each operation ended, from the audit log: verification outcomes and failed scale calls. */
  static Map<String, Integer> outcomes(List<JsonNode> records) {
    Map<String, Integer> out = new HashMap<>();
    for (JsonNode r : records) {
      String type = r.path("record_type").asText();
      if (type.equals("verification")) {
        String o = r.path("outcome").asText();
        out.merge(
            o.equals("success") ? "verified" : o.equals("failure") ? "rolled_back" : o,
            1,
            Integer::sum);
      } else if (type.equals("execution")
          && r.path("outcome").asText().equals("failed")
          && !r.path("operation_id").asText().endsWith("-rollback")) {
        out.merge("failed_unchanged", 1, Integer::sum);
      }
    }
    return out;
  }
}
