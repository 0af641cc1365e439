package io.specops.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.audit.AuditLog;
import io.specops.blueprint.BlueprintLoader;
import io.specops.coordination.FleetInput;
import io.specops.coordination.FleetSettings;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.FleetWorkflowImpl;
import io.specops.json.SpecopsDataConverter;
import io.specops.notification.NotificationSender;
import io.specops.service.SearchAttributeNames;
import io.specops.service.ServicePhase;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceStatus;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.simulation.Scenario;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedActivities;
import io.specops.simulation.SimulatedCluster;
import io.specops.watch.WatchSettings;
import io.specops.watch.WatchWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a scale operation costs with watchers: seed 001's frontend woken by its watcher, scaled 2 ->
 * 3 and verified, on the Java test server in real time (watchers heartbeat in real time), pods
 * ready 2 s after the scale. Counted from the wake signal to the operation's end, the service's
 * history and the coordinator's in the same stretch.
 */
final class WatchedOperationProbe {
  record Costs(HistoryCost operation, HistoryCost coordinator) {}

  private WatchedOperationProbe() {}

  static Costs measure(Path blueprints, Path work) throws Exception {
    Path dir = Files.createDirectories(work.resolve("watched-blueprints"));
    for (var bp : BlueprintLoader.loadDirectory(blueprints).blueprints()) {
      // every 5 s instead of 30 s, so the probe takes seconds, not minutes
      Files.writeString(
          dir.resolve(bp.name() + ".yaml"),
          Files.readString(Path.of(bp.source())) + "  evaluation:\n    interval: 5s\n");
    }
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setUseTimeskipping(false)
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(SpecopsDataConverter.get())
                    .build());
    SearchAttributeNames.all().forEach(options::registerSearchAttribute);
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build());
    try {
      Worker worker = env.newWorker(CostProbe.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(
          ServiceWorkflowImpl.class, FleetWorkflowImpl.class, WatchWorkflowImpl.class);
      Scenario seed = ScenarioLoader.load("seed-001");
      Scenario fast = seed.withStartupDelay(Duration.ofSeconds(2));
      Clock clock = Clock.systemUTC();
      try (SimulatedCluster cluster = SimulatedCluster.start(fast, clock);
          KubernetesClient kubernetes = cluster.newClient()) {
        WorkflowClient client = env.getWorkflowClient();
        ServiceSettings service =
            new ServiceSettings(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                3,
                Duration.ofMinutes(10),
                2000,
                50,
                false,
                true);
        FleetSettings settings =
            new FleetSettings(
                Duration.ofSeconds(2),
                5,
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                null,
                null,
                5000,
                service,
                WatchSettings.defaults());
        SimulatedActivities.register(
            worker,
            cluster,
            kubernetes,
            clock,
            new AuditLog(work.resolve("watched-audit")),
            client,
            settings,
            NotificationSender.withoutSmtp());
        env.start();
        // the frontend at 60% of seed 001's load for 20 s, then at 100% (85% cpu): woken after the
        // fleet's start-up
        double seedLoad = cluster.offeredLoad("todo-app", "todo-frontend");
        cluster.setLoad(
            "todo-app", "todo-frontend", t -> t.toSeconds() < 20 ? seedLoad * 0.6 : seedLoad);
        FleetWorkflow fleet =
            client.newWorkflowStub(
                FleetWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(FleetWorkflow.workflowId("bench"))
                    .setTaskQueue(CostProbe.TASK_QUEUE)
                    .build());
        WorkflowClient.start(
            fleet::run, new FleetInput("bench", dir.toString(), null, settings, null));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
          Thread.sleep(1000);
          try {
            ServiceStatus s =
                client
                    .newWorkflowStub(
                        ServiceWorkflow.class, ServiceWorkflow.workflowId("todo-frontend"))
                    .status();
            if (s.lastOperation() != null
                && s.lastOperation().outcome() != null
                && s.phase() == ServicePhase.IDLE) {
              break;
            }
          } catch (RuntimeException notYet) {
            // the fleet has not started it yet
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("todo-frontend did not scale within 2 minutes");
          }
        }
        Thread.sleep(2000);
        List<HistoryEvent> frontend =
            CostProbe.history(client, ServiceWorkflow.workflowId("todo-frontend"));
        int wake = 0;
        for (int i = 0; i < frontend.size(); i++) {
          HistoryEvent e = frontend.get(i);
          if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
              && e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("wake")) {
            wake = i;
            break;
          }
        }
        List<HistoryEvent> operation = frontend.subList(wake, frontend.size());
        long from = operation.get(0).getEventTime().getSeconds();
        long to = operation.get(operation.size() - 1).getEventTime().getSeconds();
        List<HistoryEvent> coordinator =
            CostProbe.history(client, FleetWorkflow.workflowId("bench")).stream()
                .filter(
                    e ->
                        e.getEventTime().getSeconds() >= from
                            && e.getEventTime().getSeconds() <= to)
                .toList();
        client.newWorkflowStub(FleetWorkflow.class, FleetWorkflow.workflowId("bench")).stop();
        Thread.sleep(1000);
        return new Costs(HistoryCost.of(operation), HistoryCost.of(coordinator));
      }
    } finally {
      try {
        env.close();
      } catch (RuntimeException e) {
        // the SDK's real-time test environment unlocks time skipping after closing its channel
        // (1.38): harmless
      }
    }
  }
}
