package io.specops.worker;

import io.specops.audit.AuditLog;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintLoader;
import io.specops.blueprint.ValidationError;
import io.specops.coordination.FleetInput;
import io.specops.coordination.FleetWorkflow;
import io.specops.kubernetes.ClusterCapacityReader;
import io.specops.service.ServiceStatus;
import io.specops.service.ServiceWorkflow;
import io.specops.simulation.SimulatedCluster;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code specops demo}: runs the blueprints' services against the simulated cluster on the
 * in-process Temporal server, advancing its clock a step at a time (so seed 001's 50-second pod
 * start and 30-second settle take a few real seconds), printing progress, then the timeline, the
 * audit records and the fleet dashboard.
 */
@Component
@ConditionalOnProperty(name = "specops.mode", havingValue = "demo")
class DemoRunner implements ApplicationRunner, ExitCodeGenerator {
  private final SpecopsProperties properties;
  private final ObjectProvider<TestWorkflowEnvironment> testEnvironment;
  private final WorkflowClient client;
  private final ObjectProvider<SimulatedCluster> cluster;
  private final AuditLog audit;
  private final ClusterCapacityReader capacity;
  private final WorkerFactory workers;
  private final PrintStream out = System.out;
  private int exitCode;

  DemoRunner(
      SpecopsProperties properties,
      ObjectProvider<TestWorkflowEnvironment> testEnvironment,
      WorkflowClient client,
      ObjectProvider<SimulatedCluster> cluster,
      AuditLog audit,
      ClusterCapacityReader capacity,
      WorkerFactory workers) {
    this.workers = workers;
    this.properties = properties;
    this.testEnvironment = testEnvironment;
    this.client = client;
    this.cluster = cluster;
    this.audit = audit;
    this.capacity = capacity;
  }

  @Override
  public void run(ApplicationArguments args) {
    TestWorkflowEnvironment env = testEnvironment.getIfAvailable();
    SimulatedCluster sim = cluster.getIfAvailable();
    if (env == null || sim == null) {
      out.println(
          "specops demo runs on the embedded default (in-process Temporal + simulated cluster); "
              + "remove --spring.temporal.connection.target / --specops.cluster");
      exitCode = 2;
      return;
    }
    BlueprintLoader.Result loaded = BlueprintLoader.load(properties.blueprints());
    if (!loaded.ok()) {
      loaded.errors().stream().map(ValidationError::toString).forEach(out::println);
      exitCode = 1;
      return;
    }
    List<Blueprint> blueprints = loaded.blueprints();
    // runners run before ApplicationReadyEvent, on which the starter starts the workers
    if (!workers.isStarted()) {
      workers.start();
    }
    AuditCursor cursor = AuditCursor.at(audit, Instant.ofEpochMilli(env.currentTimeMillis()));
    DemoReport report = new DemoReport(out, Instant.ofEpochMilli(env.currentTimeMillis()));
    report.header(properties, sim, blueprints);

    FleetWorkflow fleet =
        client.newWorkflowStub(
            FleetWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(FleetWorkflow.workflowId(properties.fleet()))
                .setTaskQueue(properties.taskQueue())
                .build());
    WorkflowClient.start(
        fleet::run,
        new FleetInput(properties.fleet(), properties.blueprints().toString(), null, null, null));
    List<ServiceWorkflow> workflows = new ArrayList<>();
    for (Blueprint bp : blueprints) {
      workflows.add(
          client.newWorkflowStub(ServiceWorkflow.class, ServiceWorkflow.workflowId(bp.name())));
    }
    // the coordinator starts the service workflows; wait until they answer queries
    while (!allStarted(workflows)) {
      env.sleep(Duration.ofMillis(200));
    }

    Duration elapsed = Duration.ZERO;
    Progress progress = new Progress(report, sim);
    while (elapsed.compareTo(properties.demo().limit()) < 0) {
      env.sleep(properties.demo().step());
      sim.reconcile();
      elapsed = elapsed.plus(properties.demo().step());
      List<ServiceStatus> statuses = workflows.stream().map(ServiceWorkflow::status).toList();
      Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
      progress.observe(now, statuses, blueprints);
      if (Progress.settled(statuses) && incidentReported(sim, cursor)) {
        break;
      }
    }
    // one more step so the last audit records are flushed
    env.sleep(properties.demo().step());
    List<ServiceStatus> statuses = workflows.stream().map(ServiceWorkflow::status).toList();
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    DemoRound.nothingToDo(audit, cursor.read(), statuses, now, properties.fleet());
    report.timeline(cursor.read(), progress.events());
    report.records(cursor.read(), properties.demo().json());
    report.dashboard(statuses, capacity.read(), blueprints, now);
    boolean settled = Progress.settled(statuses) && incidentReported(sim, cursor);
    report.footer(
        settled,
        Duration.between(report.start(), now),
        audit.fileFor(LocalDate.ofInstant(now, ZoneOffset.UTC)));
    exitCode = settled ? 0 : 1;
  }

  /** A scenario with a rollout is over once its evidence report is in (or the limit comes). */
  private static boolean incidentReported(SimulatedCluster sim, AuditCursor cursor) {
    return sim.scenario().rolloutsOrNone().isEmpty()
        || cursor.read().stream().anyMatch(r -> "evidence".equals(r.path("record_type").asText()));
  }

  private static boolean allStarted(List<ServiceWorkflow> workflows) {
    try {
      workflows.forEach(ServiceWorkflow::status);
      return true;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
