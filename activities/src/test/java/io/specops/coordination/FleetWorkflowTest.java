package io.specops.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.TestBlueprints;
import io.specops.service.DecisionOutcome;
import io.specops.service.DecisionSummary;
import io.specops.service.Harness;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceStatus;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Time-skipping tests of the coordinator with its service workflows and the real activities. */
class FleetWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Harness.extension(ServiceWorkflowImpl.class, FleetWorkflowImpl.class);

  @TempDir Path auditDir;
  @TempDir Path blueprints;
  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void seed001ConflictBackendExecutesFrontendIsDeferredFiveMinutesThenGranted(
      TestWorkflowEnvironment env, Worker worker) throws IOException {
    h = new Harness(env, worker, "seed-001-conflict", auditDir);
    writeSeedBlueprints(true);
    FleetWorkflow fleet = h.startFleet(blueprints, FleetSettings.defaults());
    Instant start = Instant.ofEpochMilli(env.currentTimeMillis());
    assertThat(
            h.advanceUntil(Duration.ofMinutes(3), () -> outcome("todo-backend").equals("verified")))
        .isTrue();
    assertThat(outcome("todo-frontend")).isEqualTo("deferred");
    FleetStatus status = fleet.status();
    assertThat(status.recentConflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.executed()).containsExactly("todo-backend");
              assertThat(c.deferred()).containsExactly("todo-frontend");
            });
    Instant deferredUntil = status.deferredUntil().get("todo-frontend");
    assertThat(Duration.between(start, deferredUntil))
        .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusSeconds(10));

    JsonNode conflict =
        h.auditRecords().stream()
            .filter(r -> r.get("record_type").asText().equals("conflict"))
            .findFirst()
            .orElseThrow();
    assertThat(conflict.at("/conflict_detection/capacity_check/cpu_shortfall").asText())
        .isEqualTo("30m");
    assertThat(conflict.at("/conflict_resolution/strategy").asText())
        .isEqualTo("prioritize_by_criticality");
    assertThat(conflict.at("/conflict_resolution/services/todo-backend/priority_score").asInt())
        .isEqualTo(90);
    assertThat(conflict.at("/conflict_resolution/services/todo-frontend/priority_score").asInt())
        .isEqualTo(50);
    assertThat(conflict.at("/conflict_resolution/services/todo-frontend/defer_duration").asText())
        .isEqualTo("5 minutes");
    assertThat(h.auditRecords())
        .anySatisfy(r -> assertThat(r.get("record_type").asText()).isEqualTo("independence"));

    // the batch job frees its 100m after 3 minutes; after 5 the frontend re-evaluates on fresh
    // metrics and fits
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(6), () -> outcome("todo-frontend").equals("verified")))
        .isTrue();
    List<DecisionSummary> decisions = h.stub("todo-frontend").decisions(10);
    assertThat(decisions)
        .extracting(DecisionSummary::outcome)
        .contains(DecisionOutcome.DEFERRED, DecisionOutcome.VERIFIED);
    assertThat(decisions.get(0).decidedAt()).isAfterOrEqualTo(start.plus(Duration.ofMinutes(5)));
    assertThat(fleet.status().inFlight()).isEmpty();

    // both services decided in the same second: every decision and governance id names one service
    Map<String, Set<String>> servicesById = new HashMap<>();
    for (JsonNode r : h.auditRecords()) {
      for (String field : List.of("decision_id", "governance_check_id")) {
        if (r.hasNonNull(field) && r.hasNonNull("service")) {
          servicesById
              .computeIfAbsent(r.get(field).asText(), k -> new TreeSet<>())
              .add(r.get("service").asText());
        }
      }
    }
    assertThat(servicesById).isNotEmpty();
    assertThat(servicesById).allSatisfy((id, services) -> assertThat(services).as(id).hasSize(1));
    assertThat(servicesById.keySet())
        .anyMatch(id -> id.contains("-todo-backend-"))
        .anyMatch(id -> id.contains("-todo-frontend-"));
  }

  @Test
  void whenBothFitBothAreGrantedTheDependentOneAfterItsDependency(
      TestWorkflowEnvironment env, Worker worker) throws IOException {
    h = new Harness(env, worker, "seed-001-conflict", auditDir);
    writeSeedBlueprints(true);
    h.startFleet(blueprints, roomy());
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(5),
                () ->
                    outcome("todo-frontend").equals("verified")
                        && outcome("todo-backend").equals("verified")))
        .isTrue();
    ServiceStatus backend = h.stub("todo-backend").status();
    ServiceStatus frontend = h.stub("todo-frontend").status();
    // frontend depends on backend: it waited until backend's operation had finished
    assertThat(frontend.lastOperation().startedAt())
        .isAfterOrEqualTo(backend.lastOperation().endedAt());
    assertThat(h.auditRecords())
        .anySatisfy(
            r -> assertThat(r.path("conflict_type").asText()).isEqualTo("dependency_conflict"));
    assertThat(h.auditRecords())
        .noneSatisfy(r -> assertThat(r.path("event").asText()).isEqualTo("deferred"));
  }

  /**
   * A service paused after it asked for capacity runs nothing once granted, and gives the capacity
   * back: the fleet holds no reservation for an operation that will never run.
   */
  @Test
  void aServicePausedWhileAskingForCapacityGivesTheGrantBack(
      TestWorkflowEnvironment env, Worker worker) throws IOException {
    h = new Harness(env, worker, "seed-001-conflict", auditDir);
    writeSeedBlueprints(false);
    AtomicBoolean paused = new AtomicBoolean();
    // the decision's audit write comes before the capacity request: pause there
    h.audit.onRecord(
        r -> {
          if ("decision".equals(r.path("record_type").asText())
              && "todo-frontend".equals(r.path("service").asText())
              && paused.compareAndSet(false, true)) {
            h.stub("todo-frontend").pause();
          }
        });
    FleetWorkflow fleet = h.startFleet(blueprints, roomy());
    assertThat(
            h.advanceUntil(Duration.ofMinutes(2), () -> outcome("todo-frontend").equals("skipped")))
        .as("the paused frontend's decision is skipped")
        .isTrue();
    h.advance(Duration.ofSeconds(10));
    assertThat(fleet.status().inFlight()).noneMatch(r -> r.service().equals("todo-frontend"));
    assertThat(h.cluster.scaleCalls()).noneMatch(c -> c.name().equals("todo-frontend"));
    assertThat(h.auditRecords())
        .anySatisfy(
            r -> {
              assertThat(r.path("event").asText()).isEqualTo("skipped");
              assertThat(r.path("reason").asText())
                  .isEqualTo("paused before the operation could run; nothing executed");
            });
  }

  private static FleetSettings roomy() {
    return withInFlightLimit(5);
  }

  /** Room for the whole seed fleet, paced every 2 s, at most {@code limit} operations at once. */
  private static FleetSettings withInFlightLimit(int limit) {
    return new FleetSettings(
        Duration.ofSeconds(2),
        limit,
        Duration.ofMinutes(5),
        Duration.ZERO,
        10_000L,
        64L << 30,
        5000,
        ServiceSettings.defaults());
  }

  @Test
  void theInFlightLimitSerialisesOperations(TestWorkflowEnvironment env, Worker worker)
      throws IOException {
    h = new Harness(env, worker, "seed-001-conflict", auditDir);
    writeSeedBlueprints(false);
    h.startFleet(blueprints, withInFlightLimit(1));
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(5),
                () ->
                    outcome("todo-frontend").equals("verified")
                        && outcome("todo-backend").equals("verified")))
        .isTrue();
    ServiceStatus backend = h.stub("todo-backend").status();
    ServiceStatus frontend = h.stub("todo-frontend").status();
    // backend (critical) went first; frontend waited for the single slot
    assertThat(frontend.lastOperation().startedAt())
        .isAfterOrEqualTo(backend.lastOperation().endedAt());
    assertThat(h.auditRecords())
        .anySatisfy(r -> assertThat(r.path("conflict_type").asText()).isEqualTo("timing_conflict"));
  }

  @Test
  void servicesAddedRemovedAndChangedFollowTheBlueprintDirectory(
      TestWorkflowEnvironment env, Worker worker) throws IOException {
    h = new Harness(env, worker, "seed-001", auditDir);
    writeSeedBlueprints(true);
    FleetWorkflow fleet = h.startFleet(blueprints, FleetSettings.defaults());
    h.advanceUntil(Duration.ofSeconds(30), () -> fleet.status().services().size() == 2);
    Files.delete(blueprints.resolve("backend.yaml"));
    Files.writeString(
        blueprints.resolve("frontend.yaml"),
        TestBlueprints.yaml("frontend").replace("max_replicas: 5", "max_replicas: 7"));
    Files.writeString(
        blueprints.resolve("worker.yaml"),
        TestBlueprints.yaml("frontend").replace("name: todo-frontend", "name: todo-worker"));
    fleet.reload();
    h.advanceUntil(Duration.ofSeconds(30), () -> fleet.status().services().size() == 3);
    h.advance(Duration.ofSeconds(3));
    FleetStatus status = fleet.status();
    assertThat(status.services())
        .extracting(FleetStatus.Entry::name, FleetStatus.Entry::state)
        .contains(
            org.assertj.core.groups.Tuple.tuple("todo-backend", "stopped"),
            org.assertj.core.groups.Tuple.tuple("todo-frontend", "running"),
            org.assertj.core.groups.Tuple.tuple("todo-worker", "running"));
    assertThat(h.stub("todo-frontend").status().targets().maxReplicas()).isEqualTo(7);
    assertThat(h.stub("todo-worker").status().service()).isEqualTo("todo-worker");
    h.advanceUntil(Duration.ofSeconds(20), () -> closed("todo-backend"));
    assertThat(closed("todo-backend")).isTrue();
  }

  @Test
  void continueAsNewKeepsTheLedgerAndTheDeferrals(TestWorkflowEnvironment env, Worker worker)
      throws IOException {
    h = new Harness(env, worker, "seed-001-conflict", auditDir);
    writeSeedBlueprints(true);
    FleetWorkflow fleet =
        h.startFleet(blueprints, FleetSettings.defaults().withMaxHistoryEvents(40));
    assertThat(
            h.advanceUntil(Duration.ofMinutes(3), () -> outcome("todo-backend").equals("verified")))
        .isTrue();
    h.advance(Duration.ofSeconds(30));
    var history = h.client.fetchHistory(FleetWorkflow.workflowId("default"));
    assertThat(
            history
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId())
        .isNotEmpty();
    FleetStatus status = fleet.status();
    assertThat(status.deferredUntil()).containsKey("todo-frontend");
    assertThat(status.recentConflicts()).hasSize(1);
    assertThat(status.services()).hasSize(2);
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(6), () -> outcome("todo-frontend").equals("verified")))
        .isTrue();
  }

  @Test
  void aFailingServiceDoesNotStopTheFleet(TestWorkflowEnvironment env, Worker worker)
      throws IOException {
    h = new Harness(env, worker, "seed-001", auditDir);
    writeSeedBlueprints(true);
    FleetWorkflow fleet = h.startFleet(blueprints, FleetSettings.defaults());
    h.advanceUntil(Duration.ofSeconds(30), () -> fleet.status().services().size() == 2);
    h.client
        .newUntypedWorkflowStub(ServiceWorkflow.workflowId("todo-backend"))
        .terminate("test: simulated crash");
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(3), () -> outcome("todo-frontend").equals("verified")))
        .isTrue();
    fleet.reload(); // the periodic check (every reload interval) notices it too
    h.advance(Duration.ofSeconds(3));
    List<JsonNode> records = h.auditRecords();
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.path("event").asText()).isEqualTo("service_failed");
              assertThat(r.path("reason").asText())
                  .isEqualTo("the service workflow ended: terminated");
            });
    // its blueprint is still there, so the coordinator starts it again; the fleet itself never
    // stopped
    assertThat(
            records.stream()
                .filter(
                    r ->
                        r.path("event").asText().equals("service_started")
                            && r.path("service").asText().equals("todo-backend")))
        .hasSize(2);
    assertThat(closed("todo-backend")).isFalse();
    assertThat(closed(FleetWorkflow.workflowId("default"))).isFalse();
  }

  // ---- helpers ----

  /**
   * A shared budget (the fleet file): the backend's 3 replicas hold 60 of 70 database connections
   * and the frontend's 2 hold 10; the frontend's scale-up needs 5 more and is deferred although the
   * cluster has CPU and memory to spare.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aScaleUpThatWouldExceedASharedBudgetIsDeferred(TestWorkflowEnvironment env, Worker worker)
      throws IOException {
    h = new Harness(env, worker, "seed-001", auditDir);
    Files.writeString(
        blueprints.resolve("frontend.yaml"),
        TestBlueprints.yaml("frontend")
            .replace(
                "memory_limit: 512Mi", "memory_limit: 512Mi\n    shared: {db_connections: 5}"));
    Files.writeString(
        blueprints.resolve("backend.yaml"),
        TestBlueprints.yaml("backend")
            .replace("memory_limit: 1Gi", "memory_limit: 1Gi\n    shared: {db_connections: 20}"));
    Files.writeString(
        blueprints.resolve("fleet.yaml"), "shared_resources:\n  db_connections: {budget: 70}\n");
    h.startFleet(blueprints, FleetSettings.defaults());
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(2), () -> outcome("todo-frontend").equals("deferred")))
        .isTrue();
    JsonNode conflict =
        h.auditRecords().stream()
            .filter(
                r ->
                    r.get("record_type").asText().equals("conflict") && r.has("conflict_detection"))
            .findFirst()
            .orElseThrow();
    assertThat(conflict.at("/conflict_detection/shared_resources/db_connections/budget").asDouble())
        .isEqualTo(70.0);
    assertThat(conflict.at("/conflict_detection/shared_resources/db_connections/used").asDouble())
        .isEqualTo(70.0);
    assertThat(
            conflict.at("/conflict_detection/shared_resources/db_connections/shortfall").asDouble())
        .isEqualTo(5.0);
    assertThat(conflict.at("/conflict_resolution/services/todo-frontend/rationale").asText())
        .contains("shared resource db_connections: needs 5, 0 of its budget 70 left");
    assertThat(h.cluster.scaleCalls()).isEmpty();
  }

  /**
   * Room is asked for at what the pods' template requests when the blueprint's cpu_request says
   * less: the frontend's blueprint says 50m, its pods request 1 500m, and the node has 700m left.
   * Asking for 50m would be granted room the node does not have.
   */
  @Test
  void aScaleUpAsksForWhatThePodsRequestNotTheBlueprintsSmallerCpuRequest(
      TestWorkflowEnvironment env, Worker worker) throws IOException {
    Path scenario = blueprints.resolveSibling(blueprints.getFileName() + "-scenario.yaml");
    Files.writeString(
        scenario,
        new String(
                getClass().getResourceAsStream("/scenarios/seed-001.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace(
                "cpu_request: 50m\n    cpu_limit: 200m", "cpu_request: 1500m\n    cpu_limit: 2"));
    h = new Harness(env, worker, scenario.toString(), auditDir);
    writeSeedBlueprints(false);
    h.startFleet(blueprints, FleetSettings.defaults());
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(2), () -> outcome("todo-frontend").equals("deferred")))
        .isTrue();
    assertThat(h.stub("todo-frontend").status().observed().podRequest().cpuMillis())
        .isEqualTo(1500);
    JsonNode conflict =
        h.auditRecords().stream()
            .filter(r -> r.get("record_type").asText().equals("conflict"))
            .findFirst()
            .orElseThrow();
    assertThat(conflict.at("/conflict_resolution/services/todo-frontend/rationale").asText())
        .contains("1500m");
    assertThat(h.cluster.scaleCalls()).isEmpty();
  }

  private void writeSeedBlueprints(boolean frontendDependsOnBackend) throws IOException {
    String frontend = TestBlueprints.yaml("frontend");
    if (!frontendDependsOnBackend) {
      frontend = frontend.replace("dependencies: [todo-backend]", "");
    }
    Files.writeString(blueprints.resolve("frontend.yaml"), frontend);
    Files.writeString(blueprints.resolve("backend.yaml"), TestBlueprints.yaml("backend"));
  }

  private String outcome(String service) {
    try {
      ServiceStatus s = h.stub(service).status();
      if (s.lastDecision() == null) {
        return "";
      }
      if (s.lastOperation() != null
          && s.lastOperation().decisionId().equals(s.lastDecision().decisionId())) {
        return s.lastOperation().outcome().wire();
      }
      // a later idle evaluation keeps the operation's outcome
      if (!s.lastDecision().action().isScaling() && s.lastOperation() != null) {
        return s.lastOperation().outcome().wire();
      }
      return s.lastDecision().outcome().wire();
    } catch (RuntimeException notStartedYet) {
      return "";
    }
  }

  private boolean closed(String service) {
    WorkflowStub stub =
        h.client.newUntypedWorkflowStub(
            service.startsWith("specops-") ? service : ServiceWorkflow.workflowId(service));
    try {
      var description =
          h.client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(h.client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(
                                  stub.getExecution() == null
                                      ? (service.startsWith("specops-")
                                          ? service
                                          : ServiceWorkflow.workflowId(service))
                                      : stub.getExecution().getWorkflowId()))
                      .build());
      return description.getWorkflowExecutionInfo().getStatus()
          != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
