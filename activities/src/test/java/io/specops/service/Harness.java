package io.specops.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.audit.AuditLog;
import io.specops.audit.AuditQuery;
import io.specops.blueprint.Blueprint;
import io.specops.coordination.FleetInput;
import io.specops.coordination.FleetSettings;
import io.specops.coordination.FleetWorkflow;
import io.specops.json.SpecopsDataConverter;
import io.specops.notification.EmailNotifier;
import io.specops.notification.NotificationSender;
import io.specops.notification.SmtpSettings;
import io.specops.notification.WebhookNotifier;
import io.specops.simulation.Scenario;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedActivities;
import io.specops.simulation.SimulatedCluster;
import io.specops.time.TemporalClock;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

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
      Scenario scenario,
      Path auditDir,
      Duration requestTimeout) {
    this(env, worker, scenario, auditDir, requestTimeout, NotificationSender.withoutSmtp());
  }

  /** Notifications by email through {@code smtp}. */
  public Harness(
      TestWorkflowEnvironment env,
      Worker worker,
      String scenario,
      Path auditDir,
      SmtpSettings smtp) {
    this(
        env,
        worker,
        ScenarioLoader.load(scenario),
        auditDir,
        null,
        new NotificationSender(new WebhookNotifier(), new EmailNotifier(smtp)));
  }

  private Harness(
      TestWorkflowEnvironment env,
      Worker worker,
      Scenario scenario,
      Path auditDir,
      Duration requestTimeout,
      NotificationSender notifications) {
    this.env = env;
    this.client = env.getWorkflowClient();
    this.taskQueue = worker.getTaskQueue();
    TemporalClock clock = new TemporalClock(env::currentTimeMillis);
    this.cluster = SimulatedCluster.start(scenario, clock);
    this.kubernetes =
        requestTimeout == null ? cluster.newClient() : cluster.newClient(requestTimeout);
    this.audit = new AuditLog(auditDir).onRecord(this::checkRecordType);
    SimulatedActivities.register(
        worker, cluster, kubernetes, clock, audit, client, FleetSettings.defaults(), notifications);
    env.start();
  }

  /**
   * The extension every service-workflow test uses: data converter as in production, started by the
   * harness.
   */
  public static TestWorkflowExtension extension(Class<?>... workflowTypes) {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(workflowTypes)
        .registerSearchAttribute("SpecopsService", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("SpecopsCriticality", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("SpecopsLastAction", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("SpecopsPendingApproval", IndexedValueType.INDEXED_VALUE_TYPE_BOOL)
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
  public FleetWorkflow startFleet(Path directory, FleetSettings settings) {
    FleetWorkflow fleet =
        client.newWorkflowStub(
            FleetWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(FleetWorkflow.workflowId("default"))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(
        fleet::run, new FleetInput("default", directory.toString(), null, settings, null));
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
  public boolean advanceUntil(Duration limit, BooleanSupplier condition) {
    for (Duration done = Duration.ZERO; done.compareTo(limit) < 0; done = done.plusSeconds(1)) {
      if (condition.getAsBoolean()) {
        return true;
      }
      env.sleep(Duration.ofSeconds(1));
      cluster.reconcile();
    }
    return condition.getAsBoolean();
  }

  /** Advances until the service's last operation has ended; whether it did within {@code limit}. */
  public boolean advanceUntilOperationEnds(ServiceWorkflow wf, Duration limit) {
    return advanceUntil(
        limit,
        () -> {
          ServiceStatus s = wf.status();
          return s.lastOperation() != null && s.lastOperation().outcome() != null;
        });
  }

  /** Sets a todo-app Deployment's replicas as another writer would (kubectl scale). */
  public void scaleAsAnotherWriter(String deployment, int replicas) {
    kubernetes
        .apps()
        .deployments()
        .inNamespace("todo-app")
        .withName(deployment)
        .edit(
            d -> {
              d.getSpec().setReplicas(replicas);
              return d;
            });
  }

  public List<JsonNode> auditRecords() {
    LocalDate day =
        LocalDate.ofInstant(Instant.ofEpochMilli(env.currentTimeMillis()), ZoneOffset.UTC);
    List<JsonNode> out = new ArrayList<>(audit.read(day.minusDays(1)));
    out.addAll(audit.read(day));
    return out;
  }

  /** Types a record was written with that `specops audit --type` would refuse. */
  private final List<String> unknownTypes = new CopyOnWriteArrayList<>();

  private void checkRecordType(JsonNode record) {
    String type = record.path("record_type").asText();
    if (!AuditQuery.RECORD_TYPES.contains(type)) {
      unknownTypes.add(type);
    }
  }

  @Override
  public void close() {
    kubernetes.close();
    cluster.close();
    if (!unknownTypes.isEmpty()) {
      throw new AssertionError(
          "records written with a type AuditQuery.RECORD_TYPES does not list: " + unknownTypes);
    }
  }
}
