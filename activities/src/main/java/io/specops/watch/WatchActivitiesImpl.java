package io.specops.watch;

import io.specops.audit.AuditEntry;
import io.specops.audit.AuditLog;
import io.specops.audit.DecisionRecord;
import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionIds;
import io.specops.forecast.BucketAccumulator;
import io.specops.forecast.Forecaster;
import io.specops.governance.Classification;
import io.specops.governance.Verdict;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import io.specops.service.Evaluation;
import io.specops.service.Evaluator;
import io.specops.time.ClockDifference;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch loop (docs/scaling.md "Watchers"): every tick, evaluates each service whose interval
 * has come, records the no_action evaluations as the service workflow would, and signals {@code
 * wake} to a service whose evaluation calls for an operation, then leaves it to its workflow for a
 * while. Progress (per service: last evaluation, next due time, what was seen) goes into the
 * heartbeat details, so a retry on another worker resumes where this one stopped; the forecasters
 * and recent history stay in this worker's memory and are rebuilt from the metrics source
 * elsewhere.
 */
public final class WatchActivitiesImpl implements WatchActivities {
  private static final Logger log = LoggerFactory.getLogger(WatchActivitiesImpl.class);
  private static final int HISTORY = 40;

  private final Evaluator evaluator;
  private final AuditLog audit;
  private final WorkflowClient client;
  private final Clock clock;
  private final Map<String, ServiceMemory> memory = new ConcurrentHashMap<>();
  private final WatchStats stats;
  private final ClockDifference temporalClock =
      new ClockDifference(
          log, "the watch stamps its records and decision ids with the Temporal server's time");
  private volatile boolean draining;

  public WatchActivitiesImpl(
      Evaluator evaluator, AuditLog audit, WorkflowClient client, Clock clock, WatchStats stats) {
    this.evaluator = evaluator;
    this.audit = audit;
    this.client = client;
    this.clock = clock;
    this.stats = stats;
  }

  /**
   * The worker is stopping (it polls no more): every watch running here hands its progress back at
   * its next tick, so its watcher starts the next lease on another worker at once. Without this a
   * watch learnt of the stop only at its next heartbeat (every 45 s in production), after the
   * worker's 30 s drain, and its services waited for the heartbeat timeout as well.
   */
  public void drain() {
    draining = true;
  }

  /** What a worker keeps per service between evaluations: its forecaster and recent history. */
  private static final class ServiceMemory {
    final Forecaster forecaster;
    final BucketAccumulator buckets;
    final List<HistoryPoint> history = new ArrayList<>();

    ServiceMemory(Forecaster forecaster) {
      this.forecaster = forecaster;
      this.buckets = forecaster == null ? null : new BucketAccumulator(forecaster);
    }
  }

  @Override
  public WatchProgress watch(WatchRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    WatchProgress resumed =
        context.getHeartbeatDetails(WatchProgress.class).orElse(request.progress());
    WatchSettings settings =
        request.settings() == null ? WatchSettings.defaults() : request.settings();
    Map<String, ServiceProgress> progress = new HashMap<>();
    Instant started = clock.instant();
    Duration aheadOfTemporal = aheadOfTemporal(context, started);
    for (WatchedService s : request.services()) {
      ServiceProgress p = resumed == null ? null : resumed.services().get(s.name());
      // a service seen for the first time is spread over its interval, so a new fleet does not
      // evaluate all at once
      progress.put(
          s.name(),
          p != null
              ? onThisClock(p, started)
              : ServiceProgress.dueAt(started.plusMillis(spread(s))));
    }
    long evaluations = resumed == null ? 0 : resumed.evaluations();
    long wakes = resumed == null ? 0 : resumed.wakes();
    long heartbeats = resumed == null ? 0 : resumed.heartbeats();
    Instant leaseEnd = started.plus(settings.lease());
    Instant lastHeartbeat = null;
    // the SDK sends at most one heartbeat per 0.8 x the heartbeat timeout (60 s at most) and holds
    // later ones back: calling no more often than that makes every call a send, the ones Temporal
    // bills
    Duration throttle =
        Duration.ofMillis(Math.min(60_000, settings.heartbeatTimeout().toMillis() * 8 / 10));
    Duration pacing =
        settings.heartbeatEvery().compareTo(throttle) > 0 ? settings.heartbeatEvery() : throttle;
    // a lease's first heartbeat waits until every service has been evaluated once (one pacing at
    // most): status views read progress from heartbeats, and a new fleet's first view then shows
    // every service's first evaluation instead of services with none for a whole pacing
    Instant nextHeartbeat = started.plus(pacing);
    while (true) {
      Instant now = clock.instant();
      List<AuditEntry> records = new ArrayList<>();
      for (WatchedService s : request.services()) {
        ServiceProgress p = progress.get(s.name());
        if (s.paused()
            || p.engagedUntil() != null && now.isBefore(p.engagedUntil())
            || now.isBefore(p.nextDueAt())) {
          continue;
        }
        progress.put(s.name(), evaluate(s, p, now, aheadOfTemporal, settings, records));
        evaluations++;
        if (p.lastEvaluatedAt() == null
            && lastHeartbeat != null
            && !now.isBefore(lastHeartbeat.plus(pacing))) {
          // a service's first evaluation shows in status views as soon as a heartbeat may go out
          nextHeartbeat = now;
        }
        if (progress.get(s.name()).wakes() > p.wakes()) {
          wakes++;
        }
      }
      if (lastHeartbeat == null && everyServiceEvaluated(request, progress)) {
        nextHeartbeat = now;
      }
      audit.append(records);
      if (!now.isBefore(nextHeartbeat) || !now.isBefore(leaseEnd)) {
        WatchProgress current =
            new WatchProgress(Map.copyOf(progress), evaluations, wakes, heartbeats + 1);
        try {
          context.heartbeat(current);
          heartbeats++;
        } catch (ActivityCanceledException e) {
          // the roster changed (or the watcher stops): hand back the progress for the next lease
          return current;
        } catch (ActivityCompletionException e) {
          // the watcher is gone (terminated, or its worker is shutting down): nothing to hand back
          // to
          log.info("watch of shard {} ends: {}", request.shard(), e.getMessage());
          return current;
        }
        lastHeartbeat = now;
        nextHeartbeat = now.plus(pacing);
        if (!now.isBefore(leaseEnd)) {
          return current;
        }
      }
      if (draining) {
        log.info(
            "watch of shard {} hands its progress back: the worker is stopping", request.shard());
        return new WatchProgress(Map.copyOf(progress), evaluations, wakes, heartbeats);
      }
      try {
        Thread.sleep(settings.tick().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new WatchProgress(Map.copyOf(progress), evaluations, wakes, heartbeats);
      }
    }
  }

  /**
   * Evaluates {@code s} at {@code now} on this worker's clock, and records the evaluation on the
   * Temporal server's, {@code aheadOfTemporal} behind it.
   */
  private ServiceProgress evaluate(
      WatchedService s,
      ServiceProgress p,
      Instant now,
      Duration aheadOfTemporal,
      WatchSettings settings,
      List<AuditEntry> records) {
    Blueprint bp = s.blueprint();
    ServiceMemory m =
        memory.computeIfAbsent(s.name(), k -> new ServiceMemory(evaluator.forecaster(bp)));
    if (m.buckets != null) {
      m.buckets.advanceTo(now);
    }
    List<HistoryPoint> recent;
    synchronized (m) {
      recent = List.copyOf(m.history);
    }
    Evaluation ev =
        evaluator.evaluate(bp, new DecisionContext(now, 0, null, null, recent), null, m.forecaster);
    Evaluation recorded = onTemporalClock(ev, aheadOfTemporal);
    if (stats != null) {
      stats.evaluated(s.name(), p.nextDueAt(), now);
    }
    if (ev.snapshot() != null && ev.snapshot().metrics() != null) {
      if (m.buckets != null
          && ev.snapshot().metrics().cpuUtilization() != null
          && ev.snapshot().podsReady() > 0) {
        m.buckets.add(now, ev.snapshot().metrics().cpuUtilization() * ev.snapshot().podsReady());
      }
      if (ev.decision().weightedUtilization() != null) {
        synchronized (m) {
          m.history.add(HistoryPoint.of(ev.snapshot(), ev.decision().weightedUtilization()));
          if (m.history.size() > HISTORY) {
            m.history.remove(0);
          }
        }
      }
    }
    Duration interval = bp.spec().evaluation().interval();
    // the next due time keeps the service's rhythm; one that fell behind by a whole interval starts
    // again from now
    Instant next = p.nextDueAt().plus(interval);
    if (!next.isAfter(now)) {
      next = now.plus(interval);
    }
    Instant engaged = null;
    long wakes = p.wakes();
    if (ev.decision().action().isScaling()) {
      boolean needsApproval = ev.verdict().classification() == Classification.REQUIRES_APPROVAL;
      if (wake(s, recorded)) {
        wakes++;
        engaged = now.plus(settings.holdAfterWake(bp, needsApproval));
      }
    } else {
      Instant at = recorded.decision().decidedAt();
      records.add(
          new AuditEntry(
              "decision", at, bp.name(), new DecisionRecord(recorded.decision(), "watch")));
      records.add(new AuditEntry("governance", at, bp.name(), recorded.verdict()));
    }
    // spec.evidence.interval: the service's evidence schedule is kept here, and the workflow woken
    // for it
    Instant lastEvidence = p.lastEvidenceAt();
    Blueprint.Evidence evidence = bp.spec().evidenceOrDefaults();
    boolean unhealthy = ev.health() != null && "unhealthy".equals(ev.health().status());
    boolean wasUnhealthy = p.health() != null && "unhealthy".equals(p.health().status());
    if (unhealthy
        && !wasUnhealthy
        && engaged == null
        && evidence.on("unhealthy")
        && wakeFor(s, "unhealthy", recorded)) {
      // the workflow evaluates, sees its health turn unhealthy and collects the evidence
      wakes++;
      engaged = now.plus(settings.holdAfterWake(bp, false));
    }
    if (evidence.enabled() && evidence.interval() != null) {
      if (lastEvidence == null) {
        lastEvidence = now;
      } else if (!now.isBefore(lastEvidence.plus(evidence.interval()))
          && wakeFor(s, "evidence", recorded)) {
        lastEvidence = now;
      }
    }
    return new ServiceProgress(
        now,
        next,
        engaged,
        recorded.decision().decisionId(),
        ev.decision().action().wire(),
        ev.decision().weightedUtilization(),
        ev.decision().rationale(),
        ev.snapshot(),
        ev.health(),
        p.evaluations() + 1,
        wakes,
        lastEvidence);
  }

  /**
   * How far this worker's clock is ahead of the Temporal server's (negative: behind), measured
   * against this attempt's start, which the server stamps; zero under {@link
   * ClockDifference#NOTABLE}, which the task's way here and a busy worker's queue may take.
   */
  private Duration aheadOfTemporal(ActivityExecutionContext context, Instant started) {
    Duration ahead =
        Duration.between(Instant.ofEpochMilli(context.getInfo().getStartedTimestamp()), started);
    temporalClock.measured("the Temporal server", ahead.negated());
    return ahead.abs().compareTo(ClockDifference.NOTABLE) < 0 ? Duration.ZERO : ahead;
  }

  /**
   * {@code ev} as the records have it: its decision's id and time, its verdict's ids and the
   * observed time moved {@code ahead} back, onto the Temporal server's clock, which stamps the
   * service workflow's decisions. On its own clock, a watch on a worker 15 minutes off wrote
   * records 15 minutes off the workflows' in the same log, and one behind gave the decision ids
   * another worker had given 15 minutes before, which the audit sinks, keeping one record per id,
   * dropped. The evaluation itself (forecast, history, next due time) stays on this worker's clock.
   */
  static Evaluation onTemporalClock(Evaluation ev, Duration ahead) {
    if (ahead.isZero()) {
      return ev;
    }
    Decision d = ev.decision();
    Instant at = d.decidedAt().minus(ahead);
    Decision moved =
        new Decision(
            DecisionIds.decision(d.service(), at, 0),
            d.service(),
            d.decisionType(),
            d.action(),
            d.currentReplicas(),
            d.targetReplicas(),
            d.rationale(),
            d.weightedUtilization(),
            d.trigger(),
            d.forecast(),
            at,
            back(d.observed(), ahead));
    Verdict v = ev.verdict();
    Verdict verdict =
        v == null
            ? null
            : new Verdict(
                DecisionIds.governanceFor(moved.decisionId()),
                v.service(),
                moved.decisionId(),
                v.classification(),
                v.requiresApproval(),
                v.rationale(),
                v.blueprintReferences(),
                v.approvers());
    return new Evaluation(back(ev.snapshot(), ahead), moved, verdict, ev.health(), ev.quotaShare());
  }

  private static MetricsSnapshot back(MetricsSnapshot s, Duration by) {
    return s == null || s.observedAt() == null ? s : s.withObservedAt(s.observedAt().minus(by));
  }

  /**
   * Progress handed over from another lease, perhaps another worker's: its times are that worker's
   * clock. From a worker 15 minutes ahead, a service "due in 3 s" was not evaluated here for 15
   * minutes, and a wake's hold kept it unwatched as long (docs/scaling.md, "Watchers"). A last
   * evaluation in this clock's future says by how much, at least, that clock was ahead: every time
   * of the service is moved back by as much. Times from a clock behind need nothing: they are due,
   * or over, at once.
   */
  static ServiceProgress onThisClock(ServiceProgress p, Instant now) {
    Instant last = p.lastEvaluatedAt();
    if (last == null || !last.isAfter(now)) {
      return p;
    }
    Duration ahead = Duration.between(now, last);
    return new ServiceProgress(
        now,
        back(p.nextDueAt(), ahead),
        back(p.engagedUntil(), ahead),
        p.lastDecisionId(),
        p.lastAction(),
        p.weightedUtilization(),
        p.rationale(),
        p.observed(),
        p.health(),
        p.evaluations(),
        p.wakes(),
        back(p.lastEvidenceAt(), ahead));
  }

  private static Instant back(Instant t, Duration by) {
    return t == null ? null : t.minus(by);
  }

  /**
   * Signals the service's workflow; a service whose workflow is gone is left to the coordinator's
   * liveness check.
   */
  private boolean wake(WatchedService s, Evaluation ev) {
    return wakeFor(s, "watch", ev);
  }

  private boolean wakeFor(WatchedService s, String reason, Evaluation ev) {
    try {
      client
          .newUntypedWorkflowStub(s.workflowId())
          .signal(
              "wake",
              new WakeSignal(
                  reason,
                  ev.decision().action().wire(),
                  ev.decision().currentReplicas(),
                  ev.decision().targetReplicas(),
                  ev.decision().rationale(),
                  ev.decision().decidedAt()));
      return true;
    } catch (RuntimeException e) {
      log.warn("could not wake {}: {}", s.workflowId(), e.getMessage());
      return false;
    }
  }

  /** A stable offset within the service's interval, from its name. */
  /** Whether every service not paused has been evaluated at least once. */
  private static boolean everyServiceEvaluated(
      WatchRequest request, Map<String, ServiceProgress> progress) {
    return request.services().stream()
        .allMatch(s -> s.paused() || progress.get(s.name()).lastEvaluatedAt() != null);
  }

  private static long spread(WatchedService s) {
    long interval = s.blueprint().spec().evaluation().interval().toMillis();
    return Math.floorMod(s.name().hashCode() * 2654435761L, Math.max(1, interval));
  }
}
