package io.specops.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.audit.AuditLog;
import io.specops.blueprint.Blueprint;
import io.specops.json.SpecopsDataConverter;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedCluster;
import io.specops.time.TemporalClock;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Wires the real activities to a simulated cluster whose clock is the Temporal test server's, for
 * time-skipping workflow tests. {@link #advance} moves time in small steps and runs the cluster's
 * controller after each, so pods start and become ready on the workflow's clock.
 */
public final class Harness implements AutoCloseable {
  public final TestWorkflowEnvironment env;
  public final WorkflowClient client;
  public final SimulatedCluster cluster;
  public final KubernetesClient kubernetes;
  public final AuditLog audit;
  public final String taskQueue;

  public Harness(TestWorkflowEnvironment env, Worker worker, String scenario, Path auditDir) {
    this(env, worker, ScenarioLoader.load(scenario), auditDir, null);
  }

  /** {@code requestTimeout}: how long SpecOps' Kubernetes client waits (null: the default 10 s). */
  public Harness(
      TestWorkflowEnvironment env,
      Worker worker,
      io.specops.simulation.Scenario scenario,
      Path auditDir,
      Duration requestTimeout) {
    this.env = env;
    this.client = env.getWorkflowClient();
    this.taskQueue = worker.getTaskQueue();
    TemporalClock clock = new TemporalClock(env::currentTimeMillis);
    this.cluster = SimulatedCluster.start(scenario, clock);
    this.kubernetes =
        requestTimeout == null ? cluster.newClient() : cluster.newClient(requestTimeout);
    this.audit = new AuditLog(auditDir);
    io.specops.simulation.SimulatedActivities.register(
        worker,
        cluster,
        kubernetes,
        clock,
        audit,
        client,
        io.specops.coordination.FleetSettings.defaults());
    env.start();
  }

  /**
   * The extension every service-workflow test uses: data converter as in production, started by the
   * harness.
   */
  public static TestWorkflowExtension extension(Class<?>... workflowTypes) {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(workflowTypes)
        .registerSearchAttribute(
            "SpecopsService", io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            "SpecopsCriticality",
            io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            "SpecopsLastAction",
            io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            "SpecopsPendingApproval",
            io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL)
        .setWorkflowClientOptions(
            WorkflowClientOptions.newBuilder().setDataConverter(SpecopsDataConverter.get()).build())
        .setDoNotStart(true)
        .build();
  }

  public ServiceWorkflow start(Blueprint blueprint, ServiceSettings settings) {
    ServiceWorkflow wf =
        client.newWorkflowStub(
            ServiceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ServiceWorkflow.workflowId(blueprint.name()))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(wf::run, new ServiceInput(blueprint, null, settings, null));
    return wf;
  }

  /** Starts a fleet that loads its blueprints from {@code directory}. */
  public io.specops.coordination.FleetWorkflow startFleet(
      Path directory, io.specops.coordination.FleetSettings settings) {
    io.specops.coordination.FleetWorkflow fleet =
        client.newWorkflowStub(
            io.specops.coordination.FleetWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(io.specops.coordination.FleetWorkflow.workflowId("default"))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(
        fleet::run,
        new io.specops.coordination.FleetInput(
            "default", directory.toString(), null, settings, null));
    return fleet;
  }

  public ServiceWorkflow stub(String service) {
    return client.newWorkflowStub(ServiceWorkflow.class, ServiceWorkflow.workflowId(service));
  }

  /**
   * Moves workflow time forward by {@code total}, one second at a time, reconciling the cluster
   * after each.
   */
  public void advance(Duration total) {
    advance(total, Duration.ofSeconds(1));
  }

  /** Advances in coarser steps: fewer cluster reconciliations, for long fuzz runs. */
  public void advance(Duration total, Duration step) {
    for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
      env.sleep(step);
      cluster.reconcile();
    }
  }

  /** Advances until {@code condition} holds or {@code limit} passes; returns whether it held. */
  public boolean advanceUntil(Duration limit, java.util.function.BooleanSupplier condition) {
    for (Duration done = Duration.ZERO; done.compareTo(limit) < 0; done = done.plusSeconds(1)) {
      if (condition.getAsBoolean()) {
        return true;
      }
      env.sleep(Duration.ofSeconds(1));
      cluster.reconcile();
    }
    return condition.getAsBoolean();
  }

  public List<com.fasterxml.jackson.databind.JsonNode> auditRecords() {
    java.time.LocalDate day =
        java.time.LocalDate.ofInstant(
            java.time.Instant.ofEpochMilli(env.currentTimeMillis()), java.time.ZoneOffset.UTC);
    List<com.fasterxml.jackson.databind.JsonNode> out =
        new java.util.ArrayList<>(audit.read(day.minusDays(1)));
    out.addAll(audit.read(day));
    return out;
  }

  @Override
  public void close() {
    kubernetes.close();
    cluster.close();
  }
}
