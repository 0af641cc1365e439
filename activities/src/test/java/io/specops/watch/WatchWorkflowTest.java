package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.TestBlueprints;
import io.specops.client.FleetClient;
import io.specops.coordination.FleetSettings;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.FleetWorkflowImpl;
import io.specops.json.SpecopsDataConverter;
import io.specops.service.BlueprintUpdate;
import io.specops.service.Harness;
import io.specops.service.OperationResult;
import io.specops.service.SearchAttributeNames;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.simulation.Scenario;
import io.specops.simulation.ScenarioLoader;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watchers, in real time (heartbeats are real time): an idle service's workflow waits without a
 * timer while its watcher evaluates it and records no_action; a service that must act is woken and
 * runs its operation, waiting for readiness in one heart-beating activity; a paused service is
 * skipped.
 */
class WatchWorkflowTest {
  @TempDir Path auditDir;
  @TempDir Path blueprints;
  private TestWorkflowEnvironment env;
  private Harness h;

  @BeforeEach
  void start() throws Exception {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setUseTimeskipping(false)
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(SpecopsDataConverter.get())
                    .build());
    SearchAttributeNames.all().forEach(options::registerSearchAttribute);
    env = TestWorkflowEnvironment.newInstance(options.build());
    Worker worker = env.newWorker("specops-watch-test");
    worker.registerWorkflowImplementationTypes(
        ServiceWorkflowImpl.class, FleetWorkflowImpl.class, WatchWorkflowImpl.class);
    Scenario seed = ScenarioLoader.load("seed-001");
    // pods start in 2 s, so an operation fits a test
    Scenario fast = seed.withStartupDelay(Duration.ofSeconds(2));
    h = new Harness(env, worker, fast, auditDir, null);
    String every2s = "  evaluation:\n    interval: 2s\n";
    Files.writeString(
        blueprints.resolve("frontend.yaml"), TestBlueprints.yaml("frontend") + every2s);
    Files.writeString(blueprints.resolve("backend.yaml"), TestBlueprints.yaml("backend") + every2s);
  }

  @AfterEach
  void stop() throws InterruptedException {
    // the watchers' activities run until told: stop the fleet, which stops them, before the server
    // goes
    h.client.newWorkflowStub(FleetWorkflow.class, FleetWorkflow.workflowId("default")).stop();
    Thread.sleep(6000);
    h.close();
    try {
      env.close();
    } catch (io.grpc.StatusRuntimeException e) {
      // the SDK's real-time test environment unlocks time skipping after closing its channel
      // (1.38): harmless
    }
  }

  /** Quick evaluations, one service per shard: two watchers. */
  private static FleetSettings quickFleet() {
    ServiceSettings quick =
        new ServiceSettings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            3,
            Duration.ofMinutes(10),
            2000,
            50,
            false,
            true);
    return FleetSettings.defaults()
        .withService(quick)
        .withWatch(
            new WatchSettings(
                1,
                Duration.ofMinutes(10),
                Duration.ofSeconds(3),
                Duration.ofSeconds(1),
                Duration.ofMillis(50),
                24));
  }

  @Test
  void idleServicesAreWatchedNotTimedAndAServiceThatMustActIsWoken() throws Exception {
    h.startFleet(blueprints, quickFleet());

    // the frontend (85% cpu) is woken, scales 2 -> 3 and verifies, readiness in one activity
    assertThat(
            h.advanceUntil(
                Duration.ofSeconds(40),
                () -> {
                  try {
                    var s = h.stub("todo-frontend").status();
                    return s.lastOperation() != null
                        && s.lastOperation().outcome() == OperationResult.VERIFIED;
                  } catch (RuntimeException notStartedYet) {
                    return false;
                  }
                }))
        .isTrue();
    List<HistoryEvent> frontend = history(ServiceWorkflow.workflowId("todo-frontend"));
    // readiness is waited for inside the verification: no polls, and no separate wait either
    assertThat(frontend).anyMatch(e -> scheduled(e, "Verify"));
    assertThat(frontend).as("no readiness polls").noneMatch(e -> scheduled(e, "ReadWorkload"));
    assertThat(frontend)
        .as("no separate readiness wait")
        .noneMatch(e -> scheduled(e, "AwaitReady"));

    // the backend stays idle: its watcher evaluated it every 2 s; its own history has no timer and
    // no evaluation
    List<JsonNode> backendWatch =
        h.auditRecords().stream()
            .filter(
                r ->
                    r.path("service").asText().equals("todo-backend")
                        && r.path("record_type").asText().equals("decision"))
            .toList();
    assertThat(backendWatch.size()).isGreaterThanOrEqualTo(3);
    assertThat(backendWatch)
        .allSatisfy(r -> assertThat(r.get("decision_id").asText()).endsWith("-todo-backend-000"));
    List<HistoryEvent> backend = history(ServiceWorkflow.workflowId("todo-backend"));
    assertThat(backend)
        .noneMatch(
            e ->
                e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED
                    || e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
                        && e.getMarkerRecordedEventAttributes()
                            .getMarkerName()
                            .equals("LocalActivity"));

    // paused: the watcher skips it, once its watch activity hears of the change (at its next
    // heartbeat)
    h.stub("todo-backend").pause();
    Thread.sleep(5000);
    long before = decisions("todo-backend");
    Thread.sleep(5000);
    assertThat(decisions("todo-backend")).as("no evaluation while paused").isEqualTo(before);
    h.stub("todo-backend").resume();
    assertThat(h.advanceUntil(Duration.ofSeconds(15), () -> decisions("todo-backend") > before))
        .isTrue();

    // both workflows' histories replay on the current code; -Dspecops.recordHistory=true records
    // them for WatchReplayTest
    WorkflowExecutionHistory service =
        h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend"));
    WorkflowExecutionHistory watcher =
        h.client.fetchHistory(
            WatchWorkflow.workflowId("default", Math.floorMod("todo-backend".hashCode(), 2)));
    WatchReplayTest.replay(service);
    WatchReplayTest.replay(watcher);
    if (Boolean.getBoolean("specops.recordHistory")) {
      Files.createDirectories(WatchReplayTest.SERVICE.getParent());
      Files.writeString(WatchReplayTest.SERVICE, service.toJson(true));
      Files.writeString(WatchReplayTest.WATCHER, watcher.toJson(true));
    }
  }

  /**
   * A watched service's operation waits for readiness inside its verification; `kubectl scale
   * --replicas=6` lands during that wait. The wait stops, the verification is partial and nothing
   * is rolled back over the other writer's replicas (AnotherWriterTest has the timer loop's).
   */
  @Test
  void aWatchedOperationLeavesAnotherWritersReplicasAlone() throws Exception {
    h.startFleet(blueprints, quickFleet());
    var frontend =
        h.kubernetes.apps().deployments().inNamespace("todo-app").withName("todo-frontend");
    // SpecOps has scaled to 3; its pod is not ready until the cluster's next rounds
    assertThat(
            h.advanceUntil(
                Duration.ofSeconds(40), () -> frontend.get().getSpec().getReplicas() == 3))
        .isTrue();
    frontend.edit(
        d -> {
          d.getSpec().setReplicas(6);
          return d;
        });
    assertThat(
            h.advanceUntil(
                Duration.ofSeconds(40),
                () -> {
                  var s = h.stub("todo-frontend").status();
                  return s.lastOperation() != null && s.lastOperation().outcome() != null;
                }))
        .isTrue();
    assertThat(h.stub("todo-frontend").status().lastOperation().outcome())
        .isEqualTo(OperationResult.PARTIAL);
    List<JsonNode> records = h.auditRecords();
    assertThat(records)
        .filteredOn(
            r ->
                r.path("record_type").asText().equals("verification")
                    && r.path("service").asText().equals("todo-frontend"))
        .first()
        .satisfies(
            r ->
                assertThat(r.path("summary").path("rationale").asText())
                    .startsWith("another writer set the replicas to 6"));
    assertThat(records)
        .as("nothing rolled back")
        .noneSatisfy(r -> assertThat(r.path("operation_type").asText()).startsWith("rollback"));
    WatchReplayTest.replay(h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend")));
  }

  /**
   * A query for the replica count was accepted once and never read. Now the update is refused
   * (naming it), the service keeps its blueprint and its watcher is not told of a change. An update
   * accepted before that version (recorded in service-update-unread-query-before-version.json)
   * still replays: the version is asked only for such updates.
   */
  @Test
  void anUpdateWithAReplicaCountQueryIsRefusedAndTheWatcherHearsNothing() throws Exception {
    h.startFleet(blueprints, quickFleet());
    assertThat(h.advanceUntil(Duration.ofSeconds(20), () -> decisions("todo-backend") >= 1))
        .isTrue();
    h.stub("todo-backend")
        .updateBlueprint(
            new BlueprintUpdate(
                "backend.yaml",
                TestBlueprints.yaml("backend")
                    + "  evaluation:\n    interval: 2s\n"
                    + "  metrics:\n    queries: {ready_replicas: 'sum(kube_deployment_status_replicas_ready)'}\n"));
    assertThat(
            h.advanceUntil(
                Duration.ofSeconds(10),
                () ->
                    h.auditRecords().stream()
                        .anyMatch(r -> r.path("event").asText().startsWith("blueprint_"))))
        .isTrue();
    Thread.sleep(2000);
    assertThat(h.auditRecords())
        .filteredOn(r -> r.path("event").asText().startsWith("blueprint_"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path("event").asText()).isEqualTo("blueprint_refused");
              assertThat(r.get("errors").get(0).asText())
                  .contains(
                      "spec.metrics.queries: \"ready_replicas\" is never read from a query:"
                          + " replica counts come from the Kubernetes API");
            });
    WorkflowExecutionHistory backend =
        h.client.fetchHistory(ServiceWorkflow.workflowId("todo-backend"));
    assertThat(backend.getEvents())
        .as("the watcher is not told of a refused update")
        .noneMatch(e -> e.hasSignalExternalWorkflowExecutionInitiatedEventAttributes());
    assertThat(backend.getEvents())
        .anyMatch(
            e ->
                e.hasMarkerRecordedEventAttributes()
                    && e.getMarkerRecordedEventAttributes()
                        .toString()
                        .contains("refuse-unread-queries"));
    WatchReplayTest.replay(backend);
  }

  @Test
  void aWatchedServiceScaledToZeroIsLeftThereAndShowsNoHealth() throws Exception {
    h.startFleet(blueprints, quickFleet());
    FleetClient client = new FleetClient(h.client, "test");
    assertThat(h.advanceUntil(Duration.ofSeconds(20), () -> decisions("todo-backend") >= 1))
        .isTrue();
    // an evaluation of the workflow's own (as after a wake or `specops evaluate`) records a health
    h.stub("todo-backend").evaluateNow();
    assertThat(
            h.advanceUntil(
                Duration.ofSeconds(20), () -> h.stub("todo-backend").status().health() != null))
        .as("the backend's workflow evaluated, healthy")
        .isTrue();
    h.scaleAsAnotherWriter("todo-backend", 0);
    assertThat(
            h.advanceUntil(
                Duration.ofSeconds(20),
                () -> {
                  var d = client.status("todo-backend").lastDecision();
                  return d != null && d.rationale().contains("is scaled to zero: left there");
                }))
        .as("the watcher's evaluation says so")
        .isTrue();
    var status = client.status("todo-backend");
    assertThat(status.health())
        .as("no health now, not the workflow's from before the scale to zero")
        .isNull();
    assertThat(h.stub("todo-backend").status().health()).isNotNull();
    assertThat(h.cluster.scaleCalls()).noneMatch(c -> c.name().equals("todo-backend"));
  }

  private long decisions(String service) {
    return h.auditRecords().stream()
        .filter(
            r ->
                r.path("service").asText().equals(service)
                    && r.path("record_type").asText().equals("decision"))
        .count();
  }

  private List<HistoryEvent> history(String workflowId) {
    return h.client.fetchHistory(workflowId).getEvents();
  }

  private static boolean scheduled(HistoryEvent e, String activityType) {
    return e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        && e.getActivityTaskScheduledEventAttributes()
            .getActivityType()
            .getName()
            .equals(activityType);
  }
}
