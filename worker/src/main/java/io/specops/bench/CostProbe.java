package io.specops.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.audit.AuditLog;
import io.specops.coordination.FleetInput;
import io.specops.coordination.FleetSettings;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.FleetWorkflowImpl;
import io.specops.json.SpecopsDataConverter;
import io.specops.notification.NotificationSender;
import io.specops.service.SearchAttributeNames;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedActivities;
import io.specops.simulation.SimulatedCluster;
import io.specops.time.TemporalClock;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one evaluation and one scale operation cost in history events and Temporal actions, read
 * from real histories: seed 001's fleet (todo-frontend scales 2 -> 3, todo-backend is left alone)
 * on the time-skipping test server, search attributes on, as the worker runs it.
 */
public final class CostProbe {
  /** The bench's own task queue, for both probes: never a running worker's. */
  static final String TASK_QUEUE = "specops-bench";

  /** Per-evaluation and per-operation costs; the operation's includes the coordinator's part. */
  public record Costs(
      HistoryCost idleEvaluation,
      int idleEvaluationsSeen,
      HistoryCost scaleOperation,
      HistoryCost coordinatorPerOperation,
      int largestHistory) {}

  private CostProbe() {}

  public static Costs measure(Path blueprints, Path auditDir, Duration run) {
    ServiceSettings service = ServiceSettings.defaults().withSearchAttributes(true);
    FleetSettings fleetSettings =
        new FleetSettings(
            Duration.ofSeconds(2),
            5,
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            null,
            null,
            5000,
            service);
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(SpecopsDataConverter.get())
                    .build());
    SearchAttributeNames.all().forEach(options::registerSearchAttribute);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build())) {
      Worker worker = env.newWorker(TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(
          ServiceWorkflowImpl.class, FleetWorkflowImpl.class);
      TemporalClock clock = new TemporalClock(env::currentTimeMillis);
      try (SimulatedCluster cluster =
              SimulatedCluster.start(ScenarioLoader.load("seed-001"), clock);
          KubernetesClient kubernetes = cluster.newClient()) {
        WorkflowClient client = env.getWorkflowClient();
        SimulatedActivities.register(
            worker,
            cluster,
            kubernetes,
            clock,
            new AuditLog(auditDir),
            client,
            fleetSettings,
            NotificationSender.withoutSmtp());
        env.start();
        // the frontend runs at 60% of seed 001's load for 5 minutes, then at 100% (85% cpu): its
        // scale-up comes after the fleet's start-up, so the coordinator's share is its own
        double seedLoad = cluster.offeredLoad("todo-app", "todo-frontend");
        cluster.setLoad(
            "todo-app", "todo-frontend", t -> t.toMinutes() < 5 ? seedLoad * 0.6 : seedLoad);
        FleetWorkflow fleet =
            client.newWorkflowStub(
                FleetWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(FleetWorkflow.workflowId("bench"))
                    .setTaskQueue(TASK_QUEUE)
                    .build());
        WorkflowClient.start(
            fleet::run, new FleetInput("bench", blueprints.toString(), null, fleetSettings, null));
        for (Duration done = Duration.ZERO; done.compareTo(run) < 0; done = done.plusSeconds(1)) {
          env.sleep(Duration.ofSeconds(1));
          cluster.reconcile();
        }
        List<HistoryEvent> fleetHistory = history(client, FleetWorkflow.workflowId("bench"));
        List<HistoryEvent> frontend = history(client, ServiceWorkflow.workflowId("todo-frontend"));
        List<HistoryEvent> backend = history(client, ServiceWorkflow.workflowId("todo-backend"));

        List<List<HistoryEvent>> idle = evaluations(backend);
        // the first evaluation's stretch also carries the run's start; the last may be cut short
        List<HistoryEvent> steady = new ArrayList<>();
        idle.subList(1, idle.size() - 1).forEach(steady::addAll);
        HistoryCost idleTotal = HistoryCost.of(steady);
        int n = idle.size() - 2;
        HistoryCost perIdle =
            new HistoryCost(
                Math.round((float) idleTotal.events() / n),
                Math.round((float) idleTotal.actions() / n),
                perEvaluation(idleTotal, n));

        List<HistoryEvent> operation =
            evaluations(frontend).stream()
                .filter(
                    s ->
                        s.stream()
                            .anyMatch(
                                e ->
                                    e.getEventType()
                                        == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED))
                .findFirst()
                .orElseThrow(
                    () -> new IllegalStateException("todo-frontend did not scale within " + run));
        long from = operation.get(0).getEventTime().getSeconds();
        long to = operation.get(operation.size() - 1).getEventTime().getSeconds();
        List<HistoryEvent> coordinator =
            fleetHistory.stream()
                .filter(
                    e ->
                        e.getEventTime().getSeconds() >= from
                            && e.getEventTime().getSeconds() <= to)
                .toList();
        int largest = Math.max(fleetHistory.size(), Math.max(frontend.size(), backend.size()));
        return new Costs(
            perIdle, n, HistoryCost.of(operation), HistoryCost.of(coordinator), largest);
      }
    }
  }

  /**
   * The history cut at each evaluation: an evaluation's marker and everything up to the next one.
   */
  static List<List<HistoryEvent>> evaluations(List<HistoryEvent> history) {
    List<List<HistoryEvent>> out = new ArrayList<>();
    List<HistoryEvent> current = null;
    for (HistoryEvent e : history) {
      if (HistoryCost.isLocalActivity(e)) {
        current = new ArrayList<>();
        out.add(current);
      }
      if (current != null) {
        current.add(e);
      }
    }
    return out;
  }

  private static Map<String, Integer> perEvaluation(HistoryCost total, int n) {
    Map<String, Integer> out = new TreeMap<>();
    total.actionsByKind().forEach((k, v) -> out.put(k, Math.round((float) v / n)));
    return out;
  }

  static List<HistoryEvent> history(WorkflowClient client, String workflowId) {
    return client.fetchHistory(workflowId).getHistory().getEventsList();
  }
}
