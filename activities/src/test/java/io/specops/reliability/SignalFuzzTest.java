package io.specops.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.coordination.FleetWorkflowImpl;
import io.specops.json.Json;
import io.specops.service.ApprovalSignal;
import io.specops.service.BlueprintUpdate;
import io.specops.service.Harness;
import io.specops.service.PendingApproval;
import io.specops.service.ScaleCommand;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.simulation.ScaleCall;
import io.specops.testing.FuzzSeed;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a thousand random operator signals (valid, unknown and duplicate approvals, unlisted
 * approvers, approvals after expiry, malformed JSON, pause/resume, manual scale requests, blueprint
 * updates good and bad) against two services under a swinging load, one in dry run. Nothing
 * crashes, and throughout: no scale outside [min, max], none larger than max_step, none inside a
 * cooldown, none after a pause that followed its decision (checked on the histories, whose order is
 * exact), none in dry run.
 */
class SignalFuzzTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Harness.extension(ServiceWorkflowImpl.class, FleetWorkflowImpl.class);

  static final int SIGNALS = 1200;
  @TempDir Path auditDir;

  @Test
  void randomSignalsNeverBreakTheInvariants(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    try (Harness h = new Harness(env, worker, "seed-001", auditDir)) {
      h.cluster.setLoad("todo-app", "todo-frontend", t -> (t.toMinutes() / 7) % 2 == 0 ? 420 : 60);
      h.cluster.setLoad("todo-app", "todo-backend", t -> (t.toMinutes() / 5) % 2 == 0 ? 600 : 100);
      String frontendYaml =
          TestBlueprints.yaml("frontend")
              .replace(
                  "approvers: [alice, bob]",
                  "approvers: [alice]\n    approval_timeout: 3m\n    require_approval: {step_above: 1}")
              .replace(
                  "scale_down_threshold: 40%",
                  "scale_down_threshold: 40%\n    max_step: 2\n    cooldown: {scale_up: 60s, scale_down: 120s}");
      Blueprint frontend =
          BlueprintParser.parse("blueprints/frontend/blueprint.yaml", frontendYaml);
      ServiceSettings fast =
          new ServiceSettings(
              Duration.ofSeconds(5),
              Duration.ofMinutes(2),
              Duration.ofSeconds(10),
              3,
              Duration.ofMinutes(5),
              20_000,
              50,
              false);
      ServiceWorkflow wf = h.start(frontend, fast);
      ServiceWorkflow dry = h.start(TestBlueprints.backend(), fast.withDryRun(true));
      WorkflowStub untyped =
          h.client.newUntypedWorkflowStub(ServiceWorkflow.workflowId("todo-frontend"));

      Random random = new Random(FuzzSeed.of("signal fuzz", 7));
      List<String> expired = new ArrayList<>();
      String lastPending = null;
      int sent = 0;
      long started = System.nanoTime();
      Thread watchdog =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      Thread.sleep(90_000);
                      // a stalled run: show what the test server holds (histories, pending tasks)
                      System.out.println(
                          "signal fuzz stalled; test server state:\n" + env.getDiagnostics());
                    } catch (InterruptedException done) {
                      // finished in time
                    }
                  });
      while (sent < SIGNALS) {
        if (sent % 200 == 0) {
          System.out.printf(
              "signal fuzz: %d/%d signals sent (%.0f s)%n",
              sent, SIGNALS, (System.nanoTime() - started) / 1e9);
        }
        if (sent % 10 == 0) {
          quietThroughContinueAsNew(h, "todo-frontend");
          quietThroughContinueAsNew(h, "todo-backend");
        }
        PendingApproval pending = wf.status().pendingApproval();
        if (pending != null) {
          lastPending = pending.decisionId();
        } else if (lastPending != null && !expired.contains(lastPending)) {
          expired.add(lastPending);
        }
        switch (random.nextInt(12)) {
          case 0 ->
              wf.approve(
                  new ApprovalSignal(
                      pending != null ? pending.decisionId() : "dec-20990101-000000-001",
                      "alice",
                      "ok"));
          case 1 ->
              wf.approve(
                  new ApprovalSignal(
                      pending != null ? pending.decisionId() : "x", "mallory", "let me"));
          case 2 -> wf.reject(new ApprovalSignal(randomId(random), "alice", null));
          case 3 ->
              wf.approve(
                  new ApprovalSignal(
                      expired.isEmpty()
                          ? randomId(random)
                          : expired.get(random.nextInt(expired.size())),
                      "alice",
                      "too late"));
          case 4 -> untyped.signal("approve", Json.mapper().readTree(garbageJson(random)));
          case 5 -> untyped.signal(random.nextBoolean() ? "reject" : "scale", garbageJson(random));
          case 6 -> wf.pause();
          case 7 -> wf.resume();
          case 8 -> wf.evaluateNow();
          case 9 -> wf.scale(new ScaleCommand(random.nextInt(25) - 5, "fuzz", "random"));
          case 10 ->
              wf.updateBlueprint(
                  new BlueprintUpdate(
                      "blueprints/frontend/blueprint.yaml", mutate(frontendYaml, random)));
          default -> dry.scale(new ScaleCommand(random.nextInt(8), "fuzz", "dry run"));
        }
        sent++;
        if (sent % 4 == 0) {
          h.advance(Duration.ofSeconds(5 + 5 * random.nextInt(4)), Duration.ofSeconds(5));
        }
      }
      watchdog.interrupt();
      wf.resume();
      h.advance(Duration.ofMinutes(5));

      List<JsonNode> records = h.auditRecords();
      List<ScaleCall> writes =
          h.cluster.scaleCalls().stream()
              .filter(c -> c.status() == 200 && c.replicas() != null)
              .toList();
      checkInvariants(writes, records);
      // the stronger rule, on the histories' exact order: nothing runs after a pause that followed
      // its decision, resumed since or not
      int scales = 0;
      int pauses = 0;
      List<String> late = new ArrayList<>();
      for (List<HistoryEvent> run : runs(h, ServiceWorkflow.workflowId("todo-frontend"))) {
        PauseOrder.Result checked = PauseOrder.check(run);
        scales += checked.scales();
        pauses += checked.pauses();
        late.addAll(checked.violations());
      }
      System.out.printf(
          "signal fuzz: %d operations' Scales checked against %d pause signals%n", scales, pauses);
      assertThat(late)
          .as("operations scheduled after a pause that followed their decision")
          .isEmpty();
      assertThat(scales).isGreaterThan(5);
      assertThat(pauses).isGreaterThan(50);
      assertThat(writes.stream().filter(c -> c.name().equals("todo-backend")))
          .as("dry run writes nothing")
          .isEmpty();
      // nothing crashed: both still answer, and no workflow task ever failed
      assertThat(wf.status().service()).isEqualTo("todo-frontend");
      assertThat(dry.status().dryRun()).isTrue();
      for (String id : List.of("todo-frontend", "todo-backend")) {
        assertThat(h.client.fetchHistory(ServiceWorkflow.workflowId(id)).getEvents())
            .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      }
      long refused =
          records.stream().filter(r -> "refused".equals(r.path("event").asText())).count();
      long planned =
          records.stream().filter(r -> "planned".equals(r.path("outcome").asText())).count();
      System.out.printf(
          "signal fuzz: %d signals, %d refused approvals recorded, %d scale writes (all within the invariants), "
              + "%d dry-run operations planned and not written%n",
          sent, refused, writes.size(), planned);
      assertThat(refused).isGreaterThan(100);
      assertThat(writes.size()).isGreaterThan(5);
    }
  }

  /**
   * The test server's continue-as-new is not atomic: a signal that lands while it runs can leave
   * the old run with a started workflow task that never completes, and time skipping then waits in
   * real time (temporalio/sdk-java#1538; the real server does not do this). Near the server's
   * suggestion (4 000 events) the fuzz holds its signals, resumes a paused service (a paused run
   * waits without turning its loop) and lets time run until the new run has started.
   */
  private static void quietThroughContinueAsNew(Harness h, String service) {
    DescribeWorkflowExecutionRequest describe =
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace("default")
            .setExecution(
                WorkflowExecution.newBuilder().setWorkflowId(ServiceWorkflow.workflowId(service)))
            .build();
    var info =
        h.client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(describe)
            .getWorkflowExecutionInfo();
    if (info.getHistoryLength() < 3_900) {
      return;
    }
    String run = info.getExecution().getRunId();
    ServiceWorkflow stub = h.stub(service);
    if (stub.status().paused()) {
      stub.resume();
    }
    for (int i = 0; i < 60; i++) {
      h.advance(Duration.ofSeconds(30), Duration.ofSeconds(5));
      var now =
          h.client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(describe)
              .getWorkflowExecutionInfo();
      if (!now.getExecution().getRunId().equals(run)) {
        return;
      }
    }
    var last =
        h.client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(describe)
            .getWorkflowExecutionInfo();
    throw new AssertionError(
        service
            + " did not continue as new within 30 minutes: "
            + info.getHistoryLength()
            + " events, then "
            + last.getHistoryLength()
            + "; status "
            + stub.status());
  }

  /** Every run of a workflow, oldest first, following continue-as-new back from the latest. */
  private static List<List<HistoryEvent>> runs(Harness h, String workflowId) {
    List<List<HistoryEvent>> out = new ArrayList<>();
    String runId = null;
    do {
      List<HistoryEvent> events = h.client.fetchHistory(workflowId, runId).getEvents();
      out.add(0, events);
      runId =
          events.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    } while (!runId.isEmpty());
    return out;
  }

  /**
   * [1, 5], at most max_step 2 per write, cooldowns between same-direction operations, and no
   * operation started while paused. An operation starts when its decision is made or, if it needed
   * approval, when it is approved; a pause after that finds it in flight and lets it end.
   */
  static void checkInvariants(List<ScaleCall> writes, List<JsonNode> records) {
    List<Instant[]> paused = new ArrayList<>();
    Map<String, Instant> startedAt = new HashMap<>();
    Instant pausedAt = null;
    for (JsonNode r : records) {
      if (!"todo-frontend".equals(r.path("service").asText())) {
        continue;
      }
      String event = r.path("event").asText();
      Instant at = Instant.parse(r.get("timestamp").asText());
      if (event.equals("paused")) {
        pausedAt = at;
      } else if (event.equals("resumed") && pausedAt != null) {
        paused.add(new Instant[] {pausedAt, at});
        pausedAt = null;
      }
      String decisionId = r.path("decision_id").asText(null);
      if (decisionId != null
          && (r.path("record_type").asText().equals("decision") || event.equals("approved"))) {
        startedAt.merge(decisionId, at, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    if (pausedAt != null) {
      paused.add(new Instant[] {pausedAt, Instant.MAX});
    }
    int replicas = 2;
    Instant lastUp = null;
    Instant lastDown = null;
    for (ScaleCall c : writes) {
      if (!c.name().equals("todo-frontend")) {
        continue;
      }
      assertThat(c.replicas()).as("bounds").isBetween(1, 5);
      assertThat(Math.abs(c.replicas() - replicas))
          .as("max_step at " + c.at())
          .isLessThanOrEqualTo(2);
      boolean rollback = c.operationId() != null && c.operationId().endsWith("-rollback");
      if (!rollback) {
        boolean up = c.replicas() > replicas;
        Instant last = up ? lastUp : lastDown;
        Duration cooldown = up ? Duration.ofSeconds(60) : Duration.ofSeconds(120);
        if (last != null) {
          assertThat(Duration.between(last, c.at()))
              .as("cooldown before " + c.operationId())
              .isGreaterThanOrEqualTo(cooldown.minusSeconds(5));
        }
        if (up) {
          lastUp = c.at();
        } else {
          lastDown = c.at();
        }
        Instant started = startedAt.get(c.operationId());
        assertThat(started).as("the decision behind " + c).isNotNull();
        for (Instant[] window : paused) {
          assertThat(!started.isBefore(window[0]) && started.isBefore(window[1]))
              .as("operation started while paused (" + window[0] + " .. " + window[1] + "): " + c)
              .isFalse();
        }
      }
      replicas = c.replicas();
    }
  }

  static String randomId(Random random) {
    return "dec-2026"
        + String.format("%04d", random.nextInt(10000))
        + "-000000-"
        + String.format("%03d", random.nextInt(1000));
  }

  static String garbageJson(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> "[1, 2, 3]";
      case 1 -> "\"just a string\"";
      case 2 -> "{\"decision_id\": 42, \"approver\": [\"alice\"]}";
      case 3 -> "{\"approver\": \"alice\"}";
      case 4 -> "{\"replicas\": \"many\"}";
      default -> "{}";
    };
  }

  /**
   * The blueprint with one field changed to a random value: valid or not, bounds and max_step
   * unchanged.
   */
  static String mutate(String yaml, Random random) {
    String[][] edits = {
      {"scale_up_threshold: 80%", "scale_up_threshold: " + (50 + random.nextInt(60)) + "%"},
      {"scale_down_threshold: 40%", "scale_down_threshold: " + random.nextInt(90) + "%"},
      {"approval_timeout: 3m", "approval_timeout: " + random.nextInt(5) + "m"},
      {
        "target_cpu_utilization: 70%", "target_cpu_utilization: " + (random.nextInt(130) - 10) + "%"
      },
      {"cpu_request: 50m", "cpu_request: " + (random.nextBoolean() ? "50x" : "80m")},
      {"metadata:", "metadata:\n  typo_field: 1"},
      {"name: todo-frontend", "name: someone-else"}
    };
    String[] edit = edits[random.nextInt(edits.length)];
    return yaml.replace(edit[0], edit[1]);
  }
}
