package io.specops.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.specops.audit.AuditActivities;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.json.Json;
import io.specops.kubernetes.QuotaShare;
import io.specops.service.ServiceWorkflow;
import io.specops.testing.SpecopsTestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coordinator's capacity ledger when a granted scale-up's write lands while a capacity reading
 * is under way: that reading may not see the new pods, so the grant stays held until a reading that
 * starts after the write. Before, the write's {@code executed} event released it at once, the
 * reading did not count its pods either, and the next request was granted room that was gone: the
 * crash drill on a real control plane asked 3 100m of a 3 000m node. The coordinator runs on the
 * time-skipping test server; its activities and its services are Mockito stand-ins, so the test
 * decides what each reading saw and when.
 */
class FleetLedgerTest {
  private static final String QUEUE = "ledger";
  private static final Blueprint FRONTEND = TestBlueprints.frontend();
  private static final Blueprint BACKEND = TestBlueprints.backend();

  private TestWorkflowEnvironment env;
  private final FleetActivities activities =
      mock(FleetActivities.class, withSettings().withoutAnnotations());

  /** The readings the windowed reads return, in order; each waits for its turn to be taken. */
  private final BlockingQueue<ClusterCapacity> readings = new LinkedBlockingQueue<>();

  private final Semaphore readStarted = new Semaphore(0);
  private final Map<String, CapacityDecision> answers = new ConcurrentHashMap<>();
  private FleetWorkflow fleet;

  @BeforeEach
  void start() {
    env = SpecopsTestEnvironments.timeSkipping();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(FleetWorkflowImpl.class);
    worker.registerWorkflowImplementationFactory(ServiceWorkflow.class, this::standInService);
    worker.registerActivitiesImplementations(
        activities, mock(AuditActivities.class, withSettings().withoutAnnotations()));
    when(activities.readCapacity()).thenReturn(reading(600));
    when(activities.closedWorkflows(any())).thenReturn(Map.of());
    when(activities.readCapacityAfterWindow(anyLong()))
        .thenAnswer(
            inv -> {
              readStarted.release();
              return readings.poll(30, TimeUnit.SECONDS);
            });
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    fleet =
        client.newWorkflowStub(
            FleetWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(FleetWorkflow.workflowId("default"))
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(
        fleet::run,
        new FleetInput(
            "default",
            null,
            List.of(new LoadedBlueprint(FRONTEND, ""), new LoadedBlueprint(BACKEND, "")),
            FleetSettings.defaults(),
            null));
    // both services started and the first reading taken: requests from now on are the fleet's
    for (int i = 0; i < 100 && fleet.status().capacity() == null; i++) {
      env.sleep(Duration.ofMillis(100));
    }
    assertThat(fleet.status().services()).hasSize(2);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aGrantWrittenDuringAReadingIsHeldUntilTheNextReading() throws Exception {
    // 1 000m allocatable, 600m requested by the pods: 400m free
    readings.add(reading(600));
    fleet.requestCapacity(scaleUp(FRONTEND, "dec-frontend-1", 200));
    assertThat(answer("dec-frontend-1").granted()).isTrue();

    // the backend asks for 400m; while its reading is under way the frontend's write lands, too
    // late for that reading to see the new pods
    fleet.requestCapacity(scaleUp(BACKEND, "dec-backend-1", 400));
    assertThat(readStarted.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
    fleet.operationEvent(new OperationEvent(FRONTEND.name(), "dec-frontend-1", "executed", null));
    env.sleep(Duration.ofMillis(100));
    readings.add(reading(600));
    CapacityDecision backend = answer("dec-backend-1");
    assertThat(backend.granted())
        .as(
            "400m asked, 200m free: the frontend's 200m is in neither the reading nor, before, the"
                + " ledger (%s)",
            backend.rationale())
        .isFalse();
    assertThat(fleet.status().reservedCpuMillis()).isEqualTo(200);

    // a reading that starts after the write counts the pods itself: the grant is released once
    readings.add(reading(800));
    fleet.requestCapacity(scaleUp(BACKEND, "dec-backend-2", 200));
    assertThat(answer("dec-backend-2").granted())
        .as("200m free once the frontend's pods are counted by the cluster, not twice")
        .isTrue();
    assertThat(fleet.status().reservedCpuMillis()).isEqualTo(200);

    replay(env.getWorkflowClient().fetchHistory(FleetWorkflow.workflowId("default")));
  }

  /**
   * A scale-down frees room the moment its pods go, but a failed verification rolls it back up
   * without asking the coordinator: until it has finished, that room stays the scale-down's.
   * Before, the next request was granted it, and the rollback took the fleet over the cluster.
   */
  @Test
  void aScaleDownsFreedRoomIsHeldUntilItHasFinished() throws Exception {
    // 1 000m allocatable, 800m used: 200m free
    readings.add(reading(800));
    fleet.requestCapacity(request(FRONTEND, "dec-frontend-down", Action.SCALE_DOWN, -200));
    assertThat(answer("dec-frontend-down").granted()).isTrue();
    fleet.operationEvent(
        new OperationEvent(FRONTEND.name(), "dec-frontend-down", "executed", null));

    // its pods are gone: 400m free by the cluster's count, 200m of it to roll back into
    readings.add(reading(600));
    fleet.requestCapacity(request(BACKEND, "dec-backend-1", Action.SCALE_UP, 400));
    CapacityDecision backend = answer("dec-backend-1");
    assertThat(backend.granted())
        .as("the frontend's scale-down is not verified yet (%s)", backend.rationale())
        .isFalse();
    assertThat(backend.rationale())
        .as("400m free by the cluster's count: what holds the rest is named")
        .endsWith(" (held for operations in flight: todo-frontend 200m CPU / 0 memory)");
    assertThat(fleet.status().reservedCpuMillis()).isEqualTo(200);

    fleet.operationEvent(
        new OperationEvent(FRONTEND.name(), "dec-frontend-down", "finished", "verified"));
    readings.add(reading(600));
    fleet.requestCapacity(request(BACKEND, "dec-backend-2", Action.SCALE_UP, 400));
    assertThat(answer("dec-backend-2").granted()).as("verified: the room is free").isTrue();
  }

  /**
   * A scale-down that failed its verification is rolled back up, and its operation finishes right
   * after that write: a reading under way then does not see the rollback's pods. Until a reading
   * that starts after it, the room stays held. Before, the finished event released it at once, the
   * reading did not count the pods either, and the next request was granted room the rollback had
   * taken (the crash drill, once metrics.k8s.io verifications could fail: 2 writes over a 3 000m
   * cluster).
   */
  @Test
  void aRolledBackScaleDownsRoomIsHeldUntilAReadingCountsItsRollback() throws Exception {
    // 1 000m allocatable, 800m used: 200m free; the frontend frees 200m and its pods go
    readings.add(reading(800));
    fleet.requestCapacity(request(FRONTEND, "dec-frontend-down", Action.SCALE_DOWN, -200));
    assertThat(answer("dec-frontend-down").granted()).isTrue();
    fleet.operationEvent(
        new OperationEvent(FRONTEND.name(), "dec-frontend-down", "executed", null));

    // the backend asks for 400m; while its reading is under way the frontend's verification
    // fails, its rollback takes the 200m back and its operation ends
    fleet.requestCapacity(request(BACKEND, "dec-backend-1", Action.SCALE_UP, 400));
    assertThat(readStarted.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
    fleet.operationEvent(
        new OperationEvent(FRONTEND.name(), "dec-frontend-down", "finished", "rolled_back"));
    env.sleep(Duration.ofMillis(100));
    readings.add(reading(600)); // taken before the rollback: the frontend's pods still gone
    CapacityDecision backend = answer("dec-backend-1");
    assertThat(backend.granted())
        .as("400m free by that reading, 200m of it the rollback's (%s)", backend.rationale())
        .isFalse();
    assertThat(fleet.status().reservedCpuMillis()).isEqualTo(200);

    // a reading of its own, taken after the rollback, counts its pods and releases the room
    readings.add(reading(800));
    for (int i = 0; i < 100 && fleet.status().reservedCpuMillis() != 0; i++) {
      env.sleep(Duration.ofMillis(100));
    }
    assertThat(fleet.status().reservedCpuMillis()).as("released by the reading").isZero();
    readings.add(reading(800));
    fleet.requestCapacity(request(BACKEND, "dec-backend-2", Action.SCALE_UP, 200));
    assertThat(answer("dec-backend-2").granted()).as("200m free, counted once").isTrue();

    replay(env.getWorkflowClient().fetchHistory(FleetWorkflow.workflowId("default")));
  }

  /**
   * The same for the room a scale-down's pods give back to their namespace's ResourceQuota: the
   * quota counts it free at once, but a failed verification rolls the scale-down back up, and the
   * quota admission would then refuse its pods. Until it has finished, another service of the
   * namespace is not granted it. A round of scale-downs alone reads no quota: their share only
   * gives room back.
   */
  @Test
  void aScaleDownsQuotaRoomIsHeldUntilItHasFinished() throws Exception {
    String quota = QuotaShare.key("todo-app", "team-cpu", "requests.cpu");
    readings.add(reading(600));
    fleet.requestCapacity(
        ConflictResolverTest.withShared(
            request(FRONTEND, "dec-frontend-down", Action.SCALE_DOWN, -100), Map.of(quota, -0.1)));
    assertThat(answer("dec-frontend-down").granted()).isTrue();
    verify(activities, never()).readQuotaRoom(any());
    fleet.operationEvent(
        new OperationEvent(FRONTEND.name(), "dec-frontend-down", "executed", null));

    // its pods are gone: the quota has 100m left, all of it the frontend's to roll back into
    when(activities.readQuotaRoom(List.of("todo-app"))).thenReturn(Map.of(quota, 0.1));
    readings.add(reading(500));
    fleet.requestCapacity(
        ConflictResolverTest.withShared(
            request(BACKEND, "dec-backend-1", Action.SCALE_UP, 100), Map.of(quota, 0.1)));
    CapacityDecision backend = answer("dec-backend-1");
    assertThat(backend.granted()).as(backend.rationale()).isFalse();
    assertThat(backend.rationale())
        .isEqualTo(
            "todo-backend deferred until resources available: the namespace todo-app's"
                + " ResourceQuota team-cpu (requests.cpu): needs 100m, 0m left (held for"
                + " operations in flight: todo-frontend 100m)");

    fleet.operationEvent(
        new OperationEvent(FRONTEND.name(), "dec-frontend-down", "finished", "verified"));
    readings.add(reading(500));
    fleet.requestCapacity(
        ConflictResolverTest.withShared(
            request(BACKEND, "dec-backend-2", Action.SCALE_UP, 100), Map.of(quota, 0.1)));
    assertThat(answer("dec-backend-2").granted()).as("verified: the room is free").isTrue();
  }

  /**
   * The runs of this class's first two tests on the code before their versions (the backend's 400m
   * granted in both): they replay, the first releasing a grant at its write's event, the second
   * granting a scale-down's freed room at once, as they did then.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "fleet-executed-during-read-before-version.json",
        "fleet-scale-down-room-before-version.json"
      })
  void aRunFromBeforeTheVersionsReplays(String file) throws Exception {
    String json = Files.readString(Path.of("src/test/resources/histories").resolve(file));
    assertThat(json).contains("ReadClusterCapacityAfterWindow").doesNotContain("scale-down-room");
    replay(WorkflowExecutionHistory.fromJson(json));
  }

  /**
   * A ledger carried across continue-as-new from a run before the version has no {@code written}:
   * its executed grants read as released, its others as held, as they were.
   */
  @Test
  void aLedgerCarriedFromBeforeTheVersionReadsAsItWas() throws Exception {
    String old =
        "{\"service\":\"todo-backend\",\"decision_id\":\"dec-b\",\"cpu_millis\":100,"
            + "\"memory_bytes\":0,\"executed\":%s,\"granted_at\":\"2026-12-02T17:00:00Z\"}";
    Reservation executed = Json.mapper().readValue(String.format(old, "true"), Reservation.class);
    Reservation held = Json.mapper().readValue(String.format(old, "false"), Reservation.class);
    assertThat(executed.executed()).isTrue();
    assertThat(held.executed()).isFalse();
    assertThat(held.written()).isFalse();
    assertThat(held.asWritten().executed()).as("written, still held").isFalse();
  }

  private static void replay(WorkflowExecutionHistory history) throws Exception {
    SpecopsTestEnvironments.replay(history, FleetWorkflowImpl.class);
  }

  private CapacityDecision answer(String decisionId) throws InterruptedException {
    for (int i = 0; i < 300 && !answers.containsKey(decisionId); i++) {
      env.sleep(Duration.ofMillis(100));
    }
    assertThat(answers).as("an answer to %s", decisionId).containsKey(decisionId);
    return answers.get(decisionId);
  }

  private static ClusterCapacity reading(long cpuRequestedMillis) {
    return new ClusterCapacity(1000, cpuRequestedMillis, 64L << 30, 0, "test");
  }

  private CapacityRequest scaleUp(Blueprint bp, String decisionId, long cpuMillis) {
    return request(bp, decisionId, Action.SCALE_UP, cpuMillis);
  }

  private CapacityRequest request(Blueprint bp, String decisionId, Action action, long cpuMillis) {
    return new CapacityRequest(
        bp.name(),
        ServiceWorkflow.workflowId(bp.name()),
        decisionId,
        action,
        4,
        action == Action.SCALE_UP ? 6 : 2,
        cpuMillis,
        0,
        bp.metadata().priority().wire(),
        bp.metadata().criticality().wire(),
        false,
        null,
        List.of(),
        "closed",
        null,
        Instant.ofEpochMilli(env.currentTimeMillis()));
  }

  /** A service workflow that runs until stopped and keeps the coordinator's answers. */
  private ServiceWorkflow standInService() {
    ServiceWorkflow service = mock(ServiceWorkflow.class, withSettings().withoutAnnotations());
    doAnswer(
            inv -> {
              Workflow.await(() -> false);
              return null;
            })
        .when(service)
        .run(any());
    doAnswer(
            inv -> {
              CapacityDecision d = inv.getArgument(0);
              answers.put(d.decisionId(), d);
              return null;
            })
        .when(service)
        .capacityDecision(any());
    return service;
  }
}
