package io.specops.bench;

import io.specops.audit.AuditActivitiesImpl;
import io.specops.audit.AuditLog;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.client.FleetClient;
import io.specops.connection.TemporalConnection;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.service.EvaluationActivitiesImpl;
import io.specops.service.Evaluator;
import io.specops.service.ServiceInput;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.watch.WatchActivitiesImpl;
import io.specops.watch.WatchInput;
import io.specops.watch.WatchSettings;
import io.specops.watch.WatchStats;
import io.specops.watch.WatchWorkflow;
import io.specops.watch.WatchWorkflowImpl;
import io.specops.watch.WatchedService;
import io.specops.worker.WorkerTuning;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * N idle services under shard watchers (docs/scaling.md "Watchers"), on one worker or spread over
 * several worker processes on one task queue: evaluations per second, lag from due to decided (from
 * the watch loops), and what an idle service-hour costs in Temporal actions, counted from the
 * histories of every service and watcher workflow over the measured window plus the heartbeats the
 * watch activities sent (billed, not in histories) and the watch activities' restarts per lease.
 */
final class WatchProbe {
  record Result(
      String server,
      int workers,
      int services,
      int watchers,
      double evaluationsPerSecond,
      long p50Ms,
      long p99Ms,
      long maxMs,
      int samples,
      double actionsPerIdleServiceHour,
      Map<String, Double> actionsByKind,
      double eventsPerIdleServiceHour) {}

  private WatchProbe() {}

  static Result run(
      String server,
      String address,
      int services,
      Duration interval,
      Duration measure,
      int workers,
      Path work,
      String workerJar,
      Consumer<String> progress)
      throws Exception {
    WatchSettings watch = WatchSettings.defaults();
    // the bench's own server, in plain text, through the same connection code as the CLI's
    TemporalConnection connection = TemporalConnection.local(address);
    WorkflowClient client = connection.newClient(connection.stubsOptions());
    Path lagDir =
        Files.createDirectories(work.resolve("lags-" + server + "-" + services + "-" + workers));
    WatchStats stats = new WatchStats();
    WorkerFactory factory =
        start(client, work.resolve("audit-watch-" + server + "-" + services), stats);
    List<Process> others = new ArrayList<>();
    for (int i = 1; i < workers; i++) {
      others.add(
          BenchWorker.spawn(
              workerJar,
              address,
              work.resolve("audit-watch-" + server + "-" + services + "-" + i),
              lagDir.resolve("worker-" + i + ".txt"),
              work.resolve("bench-worker-" + i + ".log")));
    }
    try {
      int shards = (services + watch.shardSize() - 1) / watch.shardSize();
      List<List<WatchedService>> rosters = new ArrayList<>();
      for (int s = 0; s < shards; s++) {
        rosters.add(new ArrayList<>());
      }
      List<String> serviceIds = new ArrayList<>();
      for (int i = 0; i < services; i++) {
        Blueprint bp = BlueprintParser.parse("bench", LagProbe.blueprint(i, interval));
        int shard = Math.floorMod(bp.name().hashCode(), shards);
        String id = ServiceWorkflow.workflowId(bp.name());
        ServiceWorkflow wf =
            client.newWorkflowStub(
                ServiceWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(CostProbe.TASK_QUEUE)
                    .build());
        WorkflowClient.start(
            wf::run,
            new ServiceInput(
                bp,
                null,
                ServiceSettings.defaults(),
                null,
                WatchWorkflow.workflowId("bench", shard)));
        serviceIds.add(id);
        rosters.get(shard).add(new WatchedService(bp.name(), id, bp, false));
      }
      List<String> watcherIds = new ArrayList<>();
      for (int s = 0; s < shards; s++) {
        String id = WatchWorkflow.workflowId("bench", s);
        WatchWorkflow wf =
            client.newWorkflowStub(
                WatchWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(CostProbe.TASK_QUEUE)
                    .build());
        WorkflowClient.start(wf::run, new WatchInput("bench", s, rosters.get(s), watch, 0, null));
        watcherIds.add(id);
      }
      progress.accept(
          String.format(
              "  %s/watch/%d x%d: %d services on %d watchers started, warming up %d s",
              server, services, workers, services, shards, interval.toSeconds() * 2));
      Thread.sleep(interval.toMillis() * 2);
      FleetClient fleet = new FleetClient(client, address);
      Duration heartbeatWait = watch.heartbeatTimeout().multipliedBy(2);
      Map<String, FleetClient.WatcherHeartbeat> heartbeatsBefore =
          heartbeats(fleet, watcherIds, Map.of(), heartbeatWait);
      Instant from = Instant.now();
      Thread.sleep(measure.toMillis());
      Instant to = Instant.now();
      // a watch heart-beats once per pacing (48 s in production), longer than a short window: its
      // rate is timed between two heartbeats the server received, one more waited for if need be
      double heartbeatsPerHour =
          heartbeatsPerHour(
              heartbeatsBefore, heartbeats(fleet, watcherIds, heartbeatsBefore, heartbeatWait));
      progress.accept(
          String.format(
              "  %s/watch/%d x%d: measured %d s, reading %d histories",
              server, services, workers, measure.toSeconds(), services + shards));

      Map<String, Double> kinds = new TreeMap<>();
      long events = 0;
      for (String id : serviceIds.subList(0, Math.min(serviceIds.size(), 200))) {
        HistoryCost c = HistoryCost.of(window(client, id, from, to));
        events += c.events() * (long) services / Math.min(serviceIds.size(), 200);
        c.actionsByKind()
            .forEach(
                (k, v) ->
                    kinds.merge(
                        k, v * (double) services / Math.min(serviceIds.size(), 200), Double::sum));
      }
      for (String id : watcherIds) {
        HistoryCost c = HistoryCost.of(window(client, id, from, to));
        events += c.events();
        c.actionsByKind().forEach((k, v) -> kinds.merge(k, (double) v, Double::sum));
      }
      double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
      Map<String, Double> perServiceHour = new TreeMap<>();
      kinds.forEach((k, v) -> perServiceHour.put(k, v / services / hours));
      perServiceHour.put("heartbeat", heartbeatsPerHour / services);
      // one activity start per lease per shard: outside a short window, so counted from the
      // settings
      perServiceHour.merge(
          "activity", shards * (3_600_000.0 / watch.lease().toMillis()) / services, Double::sum);
      double total = perServiceHour.values().stream().mapToDouble(Double::doubleValue).sum();

      List<Long> lags = new ArrayList<>(stats.lags(from, to));
      lags.addAll(BenchWorker.readLags(lagDir, from, to));
      Collections.sort(lags);
      for (String id : serviceIds) {
        client.newUntypedWorkflowStub(id).terminate("bench done");
      }
      for (String id : watcherIds) {
        client.newUntypedWorkflowStub(id).terminate("bench done");
      }
      return new Result(
          server,
          workers,
          services,
          shards,
          lags.size() / (double) Duration.between(from, to).toSeconds(),
          LagProbe.percentile(lags, 0.50),
          LagProbe.percentile(lags, 0.99),
          lags.isEmpty() ? -1 : lags.get(lags.size() - 1),
          lags.size(),
          total,
          perServiceHour,
          events / (double) services / hours);
    } finally {
      others.forEach(Process::destroy);
      for (Process p : others) {
        p.waitFor();
      }
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      client.getWorkflowServiceStubs().shutdownNow();
    }
  }

  /**
   * A worker with what watched idle services need, SpecOps' tuning, metrics that never call for
   * scaling.
   */
  static WorkerFactory start(WorkflowClient client, Path auditDir, WatchStats stats) {
    WorkerTuning tuning = WorkerTuning.defaults();
    WorkerFactory factory =
        WorkerFactory.newInstance(client, tuning.apply(WorkerFactoryOptions.newBuilder()).build());
    Worker worker =
        factory.newWorker(CostProbe.TASK_QUEUE, tuning.apply(WorkerOptions.newBuilder()).build());
    worker.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class, WatchWorkflowImpl.class);
    AuditLog audit = new AuditLog(auditDir);
    SteadyMetrics metrics = new SteadyMetrics(Clock.systemUTC());
    worker.registerActivitiesImplementations(
        new EvaluationActivitiesImpl(metrics, new DecisionEngine(), new GovernanceEngine(), audit),
        new AuditActivitiesImpl(audit),
        new WatchActivitiesImpl(
            new Evaluator(metrics, new DecisionEngine(), new GovernanceEngine()),
            audit,
            client,
            Clock.systemUTC(),
            stats));
    factory.start();
    return factory;
  }

  /**
   * Every watcher's latest heartbeat, each newer than its heartbeat in {@code after} (or any, for
   * one not there), polled for at most {@code wait}; a watcher that sent none is left out.
   */
  private static Map<String, FleetClient.WatcherHeartbeat> heartbeats(
      FleetClient fleet,
      List<String> watcherIds,
      Map<String, FleetClient.WatcherHeartbeat> after,
      Duration wait)
      throws InterruptedException {
    Map<String, FleetClient.WatcherHeartbeat> out = new TreeMap<>();
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      for (String id : watcherIds) {
        FleetClient.WatcherHeartbeat h = fleet.watcherHeartbeat(id);
        FleetClient.WatcherHeartbeat earlier = after.get(id);
        if (h != null
            && h.progress() != null
            && (earlier == null || h.progress().heartbeats() > earlier.progress().heartbeats())) {
          out.put(id, h);
        }
      }
      if (out.size() == watcherIds.size() || System.nanoTime() > deadline) {
        return out;
      }
      Thread.sleep(500);
    }
  }

  /** The watchers' heartbeats per hour, each timed between its two readings; 0 for none. */
  static double heartbeatsPerHour(
      Map<String, FleetClient.WatcherHeartbeat> before,
      Map<String, FleetClient.WatcherHeartbeat> after) {
    double sum = 0;
    for (var e : after.entrySet()) {
      FleetClient.WatcherHeartbeat first = before.get(e.getKey());
      if (first == null) {
        continue;
      }
      long sent = e.getValue().progress().heartbeats() - first.progress().heartbeats();
      long millis = Duration.between(first.at(), e.getValue().at()).toMillis();
      if (sent > 0 && millis > 0) {
        sum += sent * 3_600_000.0 / millis;
      }
    }
    return sum;
  }

  private static List<HistoryEvent> window(
      WorkflowClient client, String id, Instant from, Instant to) {
    List<HistoryEvent> out = new ArrayList<>();
    for (HistoryEvent e : client.fetchHistory(id).getHistory().getEventsList()) {
      Instant at = FleetClient.instant(e.getEventTime());
      if (!at.isBefore(from) && at.isBefore(to)) {
        out.add(e);
      }
    }
    return out;
  }
}
