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
import io.specops.service.ServiceInput;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.worker.WorkerTuning;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * N idle services on one worker against a Temporal server, each evaluated every interval: how many
 * evaluations per second the worker completes, and how late they are. Lag is read from the
 * histories: from the timer firing (the evaluation is due) to the evaluation's marker (its decision
 * recorded), so it includes the server's dispatch, the worker's queueing and the evaluation itself.
 */
final class LagProbe {
  record Result(
      String server,
      String tuning,
      int services,
      double evaluationsPerSecond,
      long p50Ms,
      long p99Ms,
      long maxMs,
      int samples,
      int largestHistory,
      double actionsPerServiceHour,
      double eventsPerServiceHour) {}

  private LagProbe() {}

  static Result run(
      String server,
      String address,
      String tuningName,
      WorkerTuning tuning,
      int services,
      Duration interval,
      Duration measure,
      Path auditDir,
      Consumer<String> progress)
      throws InterruptedException {
    // the bench's own server, in plain text, through the same connection code as the CLI's
    TemporalConnection connection = TemporalConnection.local(address);
    WorkflowClient client = connection.newClient(connection.stubsOptions());
    WorkerFactory factory =
        WorkerFactory.newInstance(client, tuning.apply(WorkerFactoryOptions.newBuilder()).build());
    Worker worker =
        factory.newWorker(CostProbe.TASK_QUEUE, tuning.apply(WorkerOptions.newBuilder()).build());
    worker.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class);
    AuditLog audit = new AuditLog(auditDir);
    worker.registerActivitiesImplementations(
        new EvaluationActivitiesImpl(
            new SteadyMetrics(Clock.systemUTC()),
            new DecisionEngine(),
            new GovernanceEngine(),
            audit),
        new AuditActivitiesImpl(audit));
    factory.start();
    try {
      List<String> ids = new ArrayList<>();
      ServiceSettings settings = ServiceSettings.defaults();
      // started evenly over one interval, as a fleet that has run for a while is spread
      long gapNanos = interval.toNanos() / services;
      long next = System.nanoTime();
      for (int i = 0; i < services; i++) {
        Blueprint bp = BlueprintParser.parse("bench", blueprint(i, interval));
        ServiceWorkflow wf =
            client.newWorkflowStub(
                ServiceWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(ServiceWorkflow.workflowId(bp.name()))
                    .setTaskQueue(CostProbe.TASK_QUEUE)
                    .build());
        WorkflowClient.start(wf::run, new ServiceInput(bp, null, settings, null));
        ids.add(ServiceWorkflow.workflowId(bp.name()));
        next += gapNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      progress.accept(
          String.format(
              "  %s/%s/%d: %d services started, warming up %d s",
              server, tuningName, services, services, interval.toSeconds()));
      Thread.sleep(interval.toMillis());
      Instant from = Instant.now();
      Thread.sleep(measure.toMillis());
      Instant to = Instant.now();
      progress.accept(
          String.format(
              "  %s/%s/%d: measured %d s, reading %d histories",
              server, tuningName, services, measure.toSeconds(), services));

      List<Long> lags = new ArrayList<>();
      int evaluations = 0;
      int largest = 0;
      long windowActions = 0;
      long windowEvents = 0;
      for (String id : ids) {
        List<HistoryEvent> events = client.fetchHistory(id).getHistory().getEventsList();
        largest = Math.max(largest, events.size());
        List<HistoryEvent> inWindow =
            events.stream()
                .filter(
                    e -> {
                      Instant at = FleetClient.instant(e.getEventTime());
                      return !at.isBefore(from) && at.isBefore(to);
                    })
                .toList();
        HistoryCost cost = HistoryCost.of(inWindow);
        windowActions += cost.actions();
        windowEvents += cost.events();
        Instant fired = null;
        for (HistoryEvent e : events) {
          Instant at = FleetClient.instant(e.getEventTime());
          if (e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED) {
            fired = at;
          } else if (HistoryCost.isLocalActivity(e) && !at.isBefore(from) && at.isBefore(to)) {
            evaluations++;
            if (fired != null) {
              lags.add(Duration.between(fired, at).toMillis());
            }
            fired = null;
          }
        }
      }
      for (String id : ids) {
        client.newUntypedWorkflowStub(id).terminate("bench done");
      }
      Collections.sort(lags);
      double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
      return new Result(
          server,
          tuningName,
          services,
          evaluations / (double) Duration.between(from, to).toSeconds(),
          percentile(lags, 0.50),
          percentile(lags, 0.99),
          lags.isEmpty() ? -1 : lags.get(lags.size() - 1),
          lags.size(),
          largest,
          windowActions / (double) services / hours,
          windowEvents / (double) services / hours);
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      client.getWorkflowServiceStubs().shutdownNow();
    }
  }

  static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  static String blueprint(int i, Duration interval) {
    return """
        metadata:
          name: bench-%04d
          namespace: bench
        spec:
          scaling:
            min_replicas: 1
            max_replicas: 10
          resources:
            cpu_request: 100m
            memory_request: 128Mi
          performance:
            latency_p95_target: 200ms
          evaluation:
            interval: %ds
          prediction:
            enabled: false
        """
        .formatted(i, interval.toSeconds());
  }
}
