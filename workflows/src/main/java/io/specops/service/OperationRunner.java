package io.specops.service;

import io.specops.audit.AuditEntry;
import io.specops.audit.ControlEvent;
import io.specops.audit.ControlRecord;
import io.specops.audit.ExecutionRecord;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionIds;
import io.specops.kubernetes.LastWrite;
import io.specops.kubernetes.ScaleOutcome;
import io.specops.kubernetes.ScaleRequest;
import io.specops.kubernetes.ScaleResult;
import io.specops.kubernetes.ScalingActivities;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.MetricsSnapshot;
import io.specops.verification.VerificationActivities;
import io.specops.verification.VerificationReport;
import io.specops.verification.VerificationRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Executes one approved decision: scale, wait for the pods (durable-timer polling), let the service
 * settle, verify against the blueprint, and roll back on failure. Every step is recorded; the
 * circuit breaker counts failures.
 */
final class OperationRunner {

  /** How an operation ended, for the workflow's state. */
  record Outcome(
      OperationResult result,
      Instant startedAt,
      BreakerState breaker,
      MetricsSnapshot after,
      OperationSummary operation) {}

  /** The scale call is retried with backoff; a target outside the bounds is never retried. */
  private static final ActivityOptions SCALING =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(20))
                  .setMaximumAttempts(6)
                  .setDoNotRetry("OutOfBounds", "ManagedByHpa", "NoSuchWorkload")
                  .build())
          .build();

  /**
   * After an unanswered scale call: read the workload until the API answers, 10 minutes at most.
   */
  private static final ActivityOptions LAST_WRITE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setDoNotRetry("NoSuchWorkload")
                  .build())
          .build();

  private static final ActivityOptions VERIFICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumAttempts(4)
                  .build())
          .build();

  private final AuditTrail audit;
  private final Notifier notifier;
  private final ServiceSettings settings;
  private ServicePhase phase = ServicePhase.IDLE;
  private Decision current;
  private Instant currentStartedAt;
  private WorkloadState lastRead;
  private boolean watched;

  OperationRunner(AuditTrail audit, Notifier notifier, ServiceSettings settings) {
    this.audit = audit;
    this.notifier = notifier;
    this.settings = settings;
  }

  ServicePhase phase() {
    return phase;
  }

  /** Watched services wait for readiness in one heart-beating activity (they run in real time). */
  void watched(boolean value) {
    watched = value;
  }

  /** The operation under way, or null when idle. */
  ServiceStatus.OperationInFlight inFlight() {
    if (phase == ServicePhase.IDLE || current == null) {
      return null;
    }
    return new ServiceStatus.OperationInFlight(
        current.decisionId(),
        current.action(),
        current.currentReplicas(),
        current.targetReplicas(),
        phase,
        lastRead == null ? null : lastRead.desiredReplicas(),
        lastRead == null ? null : lastRead.readyReplicas(),
        currentStartedAt,
        lastRead == null ? null : lastRead.problem());
  }

  /** Runs the operation; {@code onExecuted} runs once the scale call has gone through. */
  Outcome run(
      Blueprint bp,
      Decision decision,
      MetricsSnapshot before,
      BreakerState breaker,
      Instant startedAt,
      Runnable onExecuted) {
    String service = bp.name();
    WorkloadRef workload = WorkloadRef.of(bp);
    boolean dryRun = settings.dryRun() || bp.spec().governance().dryRun();
    Blueprint.Scaling s = bp.spec().scaling();
    phase = ServicePhase.EXECUTING;
    current = decision;
    currentStartedAt = startedAt;
    lastRead = null;
    String change =
        decision.action().wire()
            + " "
            + decision.currentReplicas()
            + " -> "
            + decision.targetReplicas();
    ScaleResult executed;
    String failure = null;
    try {
      List<AuditEntry> riding = watched ? audit.drain() : List.of();
      try {
        executed =
            scaling(change + (dryRun ? " (dry run)" : "") + " " + decision.decisionId())
                .scale(
                    new ScaleRequest(
                        workload,
                        decision.targetReplicas(),
                        decision.decisionId(),
                        s.minReplicas(),
                        s.maxReplicas(),
                        dryRun,
                        riding.isEmpty() ? null : riding));
      } catch (ActivityFailure e) {
        audit.restore(riding);
        throw e;
      }
    } catch (ActivityFailure e) {
      ScaleCheck check = landedAnyway(workload, decision, dryRun, startedAt, e);
      executed = check.landed();
      failure = check.error();
    }
    if (executed == null) {
      String error = failure;
      audit.add(
          "execution",
          service,
          ExecutionRecord.failed(
              decision.decisionId(),
              service,
              decision.action().wire(),
              decision.currentReplicas(),
              decision.targetReplicas(),
              startedAt,
              now(),
              error));
      BreakerState next = failed(bp, breaker, decision, "the scale call failed: " + error);
      phase = ServicePhase.IDLE;
      return new Outcome(
          OperationResult.FAILED,
          startedAt,
          next,
          null,
          summary(decision, OperationResult.FAILED, startedAt));
    }
    audit.add(
        "execution", service, ExecutionRecord.of(service, decision.action().wire(), executed));
    if (!watched || dryRun) {
      audit.flush(); // watched: the execution record rides on the verification
    }
    onExecuted.run();
    if (dryRun) {
      phase = ServicePhase.IDLE;
      return new Outcome(
          OperationResult.PLANNED,
          startedAt,
          breaker,
          null,
          summary(decision, OperationResult.PLANNED, startedAt));
    }

    phase = ServicePhase.WAITING_FOR_PODS;
    Duration readinessTimeout = readinessTimeout(bp, decision);
    // version 1: a watched service's verification waits for readiness and settles itself, one
    // activity instead of two (docs/scaling.md); older runs replay with the separate wait
    boolean waitInVerification =
        watched
            && Workflow.getVersion("readiness-in-verification", Workflow.DEFAULT_VERSION, 1) == 1;
    WorkloadState readiness = null;
    if (!waitInVerification) {
      readiness =
          awaitReady(
              workload,
              decision.targetReplicas(),
              readinessTimeout,
              "wait for " + decision.targetReplicas() + " ready");
      phase = ServicePhase.SETTLING;
      if (!watched) {
        sleep(settings.settleTime());
      }
      phase = ServicePhase.VERIFYING;
    }
    String verificationId = DecisionIds.verificationFor(decision.decisionId(), now());
    VerificationReport report;
    List<AuditEntry> riding = watched ? audit.drain() : List.of();
    try {
      report =
          Workflow.newActivityStub(
                  VerificationActivities.class,
                  waitInVerification
                      ? VERIFICATION.toBuilder()
                          .setStartToCloseTimeout(readinessWaitLimit(readinessTimeout))
                          .setHeartbeatTimeout(READINESS_HEARTBEAT)
                          .setSummary(
                              "wait for " + decision.targetReplicas() + " ready, verify " + change)
                          .build()
                      : VERIFICATION.toBuilder().setSummary("verify " + change).build())
              .verify(
                  new VerificationRequest(
                      verificationId,
                      bp,
                      decision,
                      before,
                      readiness,
                      riding.isEmpty() ? null : riding,
                      waitInVerification
                          ? new VerificationRequest.ReadinessWait(
                              decision.targetReplicas(), readinessTimeout, settings.settleTime())
                          : null));
    } catch (ActivityFailure e) {
      audit.restore(riding);
      report = null;
      audit.add(
          "control",
          service,
          new ControlRecord(
              service,
              ControlEvent.VERIFICATION_FAILED,
              "could not verify: " + ServiceWorkflowImpl.rootMessage(e),
              decision.decisionId(),
              null));
    }
    if (report != null) {
      audit.add("verification", service, report);
    }
    if (!watched) {
      audit.flush(); // watched: written with the outcome, by the service loop's next flush
    }
    if (report != null && !report.failed()) {
      phase = ServicePhase.IDLE;
      BreakerState closed = breaker.afterSuccess();
      if (!closed.state().equals(breaker.state())) {
        audit.add(
            "control",
            service,
            ControlRecord.of(
                service,
                ControlEvent.BREAKER_CLOSED,
                "operation " + decision.decisionId() + " verified"));
      }
      notifier.send(
          bp,
          "operation_succeeded",
          service
              + ": "
              + decision.action().wire()
              + " "
              + decision.currentReplicas()
              + " -> "
              + decision.targetReplicas()
              + " "
              + report.outcome().wire(),
          Map.of("decision_id", decision.decisionId()));
      OperationResult result = OperationResult.after(report.outcome());
      return new Outcome(
          result, startedAt, closed, report.after(), summary(decision, result, startedAt));
    }

    String why = report == null ? "verification could not run" : report.summary().rationale();
    int keeping =
        outsideBounds(bp, decision.currentReplicas())
            ? keptOutsideBoundsVersion()
            : Workflow.DEFAULT_VERSION;
    if (keeping != Workflow.DEFAULT_VERSION) {
      // a rollback there would be refused (and scaling outside the bounds never happens): the
      // change stays, as a partial verification does, and the next evaluation decides again
      Blueprint.Scaling bounds = bp.spec().scaling();
      String kept =
          "not rolled back to "
              + decision.currentReplicas()
              + ", outside the blueprint's bounds ["
              + bounds.minReplicas()
              + ", "
              + bounds.maxReplicas()
              + "]; "
              + decision.targetReplicas()
              + " replicas kept: "
              + why;
      audit.add(
          "control",
          service,
          new ControlRecord(
              service, ControlEvent.NOT_ROLLED_BACK, kept, decision.decisionId(), null));
      if (keeping >= 2) {
        // the verification failed as for a rollback: the service's channel hears it the same way
        notifier.send(
            bp,
            "operation_failed",
            service + ": " + decision.decisionId() + " failed verification, " + kept,
            Map.of("decision_id", decision.decisionId(), "reason", why));
      }
      phase = ServicePhase.IDLE;
      return new Outcome(
          OperationResult.PARTIAL,
          startedAt,
          breaker,
          report == null ? null : report.after(),
          summary(decision, OperationResult.PARTIAL, startedAt));
    }
    phase = ServicePhase.ROLLING_BACK;
    boolean undone = rollback(bp, workload, decision, why);
    OperationResult result =
        undone || !rollbackFailureIsAnOutcome()
            ? OperationResult.ROLLED_BACK
            : OperationResult.ROLLBACK_FAILED;
    BreakerState next = failed(bp, breaker, decision, "verification failed: " + why);
    phase = ServicePhase.IDLE;
    return new Outcome(
        result,
        startedAt,
        next,
        report == null ? null : report.after(),
        summary(decision, result, startedAt));
  }

  private static boolean outsideBounds(Blueprint bp, int replicas) {
    Blueprint.Scaling s = bp.spec().scaling();
    return replicas < s.minReplicas() || replicas > s.maxReplicas();
  }

  /**
   * Which version of "no-rollback-outside-bounds" a failed verification from replicas outside the
   * bounds runs (asked only in that case): DEFAULT_VERSION, recorded before, tried the rollback,
   * which the scaler refused; 1 kept the change silently; 2 keeps it and notifies operation_failed.
   */
  private int keptOutsideBoundsVersion() {
    return Workflow.getVersion("no-rollback-outside-bounds", Workflow.DEFAULT_VERSION, 2);
  }

  /**
   * Whether a rollback that did not go through ends the operation rollback_failed; histories
   * recorded before said rolled_back (asked only when a rollback failed).
   */
  private boolean rollbackFailureIsAnOutcome() {
    return Workflow.getVersion("rollback-failed-outcome", Workflow.DEFAULT_VERSION, 1)
        != Workflow.DEFAULT_VERSION;
  }

  /** A heart-beating readiness wait is retried elsewhere this long after its worker died. */
  private static final Duration READINESS_HEARTBEAT = Duration.ofSeconds(30);

  /** What a pod gets beyond its start-up to be scheduled and pulled. */
  private static final Duration SCHEDULING = Duration.ofMinutes(1);

  /**
   * How long the new pods get to become ready: the worker's readiness timeout, or, for a scale-up,
   * the blueprint's start-up (spec.prediction.startup) and a minute, when that is longer; a
   * StatefulSet starts its new pods one after another (OrderedReady), so one start-up each. Version
   * 1 ("readiness-covers-startup"): before it, a scale-up of pods slower than the timeout was
   * rolled back; the version is asked only when the start-up needs longer, so other histories are
   * unchanged.
   */
  private Duration readinessTimeout(Blueprint bp, Decision decision) {
    int added = decision.targetReplicas() - decision.currentReplicas();
    // a blueprint from a history older than spec.prediction.startup has none
    Duration startup = bp.spec().prediction() == null ? null : bp.spec().prediction().startup();
    if (added <= 0 || startup == null) {
      return settings.readinessTimeout();
    }
    Duration needed =
        ("StatefulSet".equals(bp.spec().target().kind()) ? startup.multipliedBy(added) : startup)
            .plus(SCHEDULING);
    if (needed.compareTo(settings.readinessTimeout()) <= 0
        || Workflow.getVersion("readiness-covers-startup", Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return settings.readinessTimeout();
    }
    return needed;
  }

  /** How long an activity that waits for readiness and the settle time may run. */
  private Duration readinessWaitLimit(Duration readinessTimeout) {
    return readinessTimeout.plus(settings.settleTime()).plus(Duration.ofSeconds(30));
  }

  /** Polls the workload on durable timers until the target's pods are ready, or the timeout. */
  private WorkloadState awaitReady(
      WorkloadRef workload, int target, Duration readinessTimeout, String summary) {
    if (watched) {
      ScalingActivities waiter =
          Workflow.newActivityStub(
              ScalingActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(readinessWaitLimit(readinessTimeout))
                  .setHeartbeatTimeout(READINESS_HEARTBEAT)
                  .setRetryOptions(
                      RetryOptions.newBuilder()
                          .setInitialInterval(Duration.ofSeconds(1))
                          .setMaximumAttempts(5)
                          .build())
                  .setSummary(summary)
                  .build());
      try {
        // the settle wait rides in the same activity: one action instead of an activity and a timer
        lastRead = waiter.awaitReady(workload, target, readinessTimeout, settings.settleTime());
      } catch (ActivityFailure e) {
        // not a verdict: verification reads the workload itself
      }
      return lastRead;
    }
    Instant deadline = now().plus(readinessTimeout);
    WorkloadState last = null;
    ScalingActivities reader = scaling(summary);
    while (true) {
      try {
        last = reader.readWorkload(workload);
        lastRead = last;
        if (last.desiredReplicas() == target && last.readyReplicas() == target) {
          return last;
        }
        if ((last.reached(target) || last.changedFrom(target)) && readinessEndsEarly()) {
          return last;
        }
      } catch (ActivityFailure e) {
        // a failed read is not a verdict; poll again until the deadline
      }
      if (!now().isBefore(deadline)) {
        return last;
      }
      sleep(settings.readinessPollInterval());
    }
  }

  /**
   * Version 1 ("readiness-counts-surge"): the wait ends once at least the target's pods are ready
   * (a rollout's surge pods count) or another writer has changed the replicas; before it, it waited
   * for exactly the target until the timeout. Asked only where the two differ, so other histories
   * are unchanged.
   */
  private boolean readinessEndsEarly() {
    return Workflow.getVersion("readiness-counts-surge", Workflow.DEFAULT_VERSION, 1)
        != Workflow.DEFAULT_VERSION;
  }

  /** Puts the operation's replicas back; whether that went through. */
  private boolean rollback(Blueprint bp, WorkloadRef workload, Decision decision, String why) {
    String service = bp.name();
    Blueprint.Scaling s = bp.spec().scaling();
    int previous = decision.currentReplicas();
    Action direction = previous > decision.targetReplicas() ? Action.SCALE_UP : Action.SCALE_DOWN;
    String rollbackId = decision.decisionId() + "-rollback";
    Instant startedAt = now();
    ScaleResult undone = null;
    String error = null;
    try {
      undone =
          scaling("roll back to " + previous + " " + decision.decisionId())
              .scale(
                  new ScaleRequest(
                          workload, previous, rollbackId, s.minReplicas(), s.maxReplicas(), false)
                      // only over the operation's own replicas, never over another writer's
                      .expecting(decision.targetReplicas()));
    } catch (ActivityFailure e) {
      error = ServiceWorkflowImpl.rootMessage(e);
      // version 1: a rollback whose answers were all lost may have landed, as a scale call may;
      // asked only then, so other histories are unchanged
      if (unanswered(e)
          && Workflow.getVersion("unanswered-rollback", Workflow.DEFAULT_VERSION, 1)
              != Workflow.DEFAULT_VERSION) {
        ReadBack back = readBack(workload, rollbackId, error);
        if (back.landed() != null) {
          undone =
              landed(
                  back.landed(), rollbackId, decision.targetReplicas(), previous, startedAt, error);
        }
        error = back.error();
      }
    }
    if (undone == null) {
      audit.add(
          "execution",
          service,
          ExecutionRecord.failed(
              rollbackId,
              service,
              "rollback_" + direction.wire(),
              decision.targetReplicas(),
              previous,
              now(),
              now(),
              error));
      notifier.send(
          bp,
          "operation_failed",
          service + ": rollback of " + decision.decisionId() + " failed: " + error,
          Map.of("decision_id", decision.decisionId()));
      return false;
    }
    audit.add(
        "execution", service, ExecutionRecord.of(service, "rollback_" + direction.wire(), undone));
    notifier.send(
        bp,
        "rolled_back",
        service
            + ": "
            + decision.decisionId()
            + " rolled back to "
            + previous
            + " replicas: "
            + why,
        Map.of("decision_id", decision.decisionId(), "reason", why));
    return true;
  }

  private BreakerState failed(Blueprint bp, BreakerState breaker, Decision decision, String why) {
    String service = bp.name();
    BreakerState next = breaker.afterFailure(now(), settings.breakerThreshold());
    notifier.send(
        bp,
        "operation_failed",
        service + ": " + decision.decisionId() + " failed: " + why,
        Map.of("decision_id", decision.decisionId(), "reason", why));
    if (next.blocksOperations() && !breaker.blocksOperations()) {
      String text =
          service
              + ": circuit breaker opened after "
              + next.consecutiveFailures()
              + " consecutive failed operations; decisions are recorded, nothing is executed for "
              + Quantities.formatDuration(settings.breakerCoolOff());
      audit.add(
          "control",
          service,
          new ControlRecord(
              service, ControlEvent.BREAKER_OPENED, text, decision.decisionId(), null));
      notifier.send(bp, "breaker_opened", text, Map.of("decision_id", decision.decisionId()));
    }
    return next;
  }

  /** A failed scale call, looked at again: the write that landed anyway, or why it failed. */
  private record ScaleCheck(ScaleResult landed, String error) {}

  /**
   * A scale call whose attempts all went unanswered (a partition, a timeout, a 5xx) may have
   * written anyway: the API server took the write and its answer was lost. The workload is read
   * once the API answers again ({@link #readBack}): the operation's id in its annotation means the
   * write landed, and the operation goes on to its verification instead of ending failed with the
   * replicas changed behind the record. Version 1 of "unanswered-scale"; older runs end failed.
   */
  private ScaleCheck landedAnyway(
      WorkloadRef workload,
      Decision decision,
      boolean dryRun,
      Instant startedAt,
      ActivityFailure failure) {
    String error = ServiceWorkflowImpl.rootMessage(failure);
    if (dryRun
        || !unanswered(failure)
        || Workflow.getVersion("unanswered-scale", Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return new ScaleCheck(null, error);
    }
    ReadBack back = readBack(workload, decision.decisionId(), error);
    if (back.landed() == null) {
      return new ScaleCheck(null, back.error());
    }
    return new ScaleCheck(
        landed(
            back.landed(),
            decision.decisionId(),
            decision.currentReplicas(),
            decision.targetReplicas(),
            startedAt,
            error),
        null);
  }

  /** A refusal (a non-retryable failure) wrote nothing; any other failure may have written. */
  private static boolean unanswered(ActivityFailure failure) {
    return !(failure.getCause() instanceof ApplicationFailure refusal && refusal.isNonRetryable());
  }

  /**
   * The workload's last write when it is the one looked for; else null and why the write failed.
   */
  private record ReadBack(LastWrite landed, String error) {}

  /**
   * Reads the workload after a write whose every attempt went unanswered, retrying until the API
   * answers ({@link #LAST_WRITE}: 10 minutes at most): whether {@code operationId} landed.
   */
  private ReadBack readBack(WorkloadRef workload, String operationId, String error) {
    LastWrite last;
    try {
      last =
          Workflow.newActivityStub(
                  ScalingActivities.class,
                  LAST_WRITE.toBuilder().setSummary("did " + operationId + " land?").build())
              .lastWrite(workload);
    } catch (ActivityFailure unread) {
      return new ReadBack(
          null,
          error
              + "; whether the write landed is unknown: the workload could not be read after it ("
              + ServiceWorkflowImpl.rootMessage(unread)
              + ")");
    }
    if (last == null || !operationId.equals(last.operationId())) {
      return new ReadBack(null, error);
    }
    return new ReadBack(last, null);
  }

  /** A write that landed while its answers were lost, as the workload's annotations record it. */
  private static ScaleResult landed(
      LastWrite last, String operationId, int from, int to, Instant startedAt, String error) {
    return new ScaleResult(
        operationId,
        ScaleOutcome.ALREADY_SCALED,
        last.previousReplicas() != null ? last.previousReplicas() : from,
        to,
        last.resourceVersion(),
        startedAt,
        now(),
        "the write landed, its answer was lost: " + error);
  }

  /** A stub whose calls the Temporal Web UI labels with {@code summary}. */
  private static ScalingActivities scaling(String summary) {
    return Workflow.newActivityStub(
        ScalingActivities.class, SCALING.toBuilder().setSummary(summary).build());
  }

  private OperationSummary summary(Decision d, OperationResult outcome, Instant startedAt) {
    return new OperationSummary(
        d.decisionId(),
        d.action(),
        d.currentReplicas(),
        d.targetReplicas(),
        outcome,
        startedAt,
        now());
  }

  private void sleep(Duration d) {
    if (!d.isZero() && !d.isNegative()) {
      Workflow.sleep(d);
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
