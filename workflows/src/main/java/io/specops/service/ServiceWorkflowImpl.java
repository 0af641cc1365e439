package io.specops.service;

import io.specops.audit.ApprovalEvent;
import io.specops.audit.ApprovalRecord;
import io.specops.audit.ControlEvent;
import io.specops.audit.ControlRecord;
import io.specops.audit.DecisionRecord;
import io.specops.audit.OutcomeRecord;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintException;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.Quantities;
import io.specops.blueprint.ValidationError;
import io.specops.coordination.CapacityDecision;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.evidence.EvidenceAsk;
import io.specops.evidence.EvidenceReport;
import io.specops.governance.Classification;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.Health;
import io.specops.prediction.HistoryPoint;
import io.specops.watch.RosterChange;
import io.specops.watch.WakeSignal;
import io.specops.watch.WatchWorkflow;
import io.specops.watch.WatchedService;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The per-service control loop (docs/design.md "The service workflow"). Deterministic: time comes
 * from {@link Workflow#currentTimeMillis()}, waiting is durable timers, everything else is an
 * activity. Signals only change fields; the loop acts on them.
 */
public class ServiceWorkflowImpl implements ServiceWorkflow {
  private static final Logger log = Workflow.getLogger(ServiceWorkflowImpl.class);

  /** Collect + decide + govern as one local activity: an idle cycle is one marker event. */
  private static final LocalActivityOptions EVALUATION =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(20))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumAttempts(3)
                  .setDoNotRetry(BlueprintException.class.getName())
                  .build())
          .build();

  /**
   * Evaluations the forecast looks back on: two trend windows and the EMA's warm-up (0.7^40 ≈
   * 6e-7).
   */
  private static final int FORECAST_WINDOW = 40;

  private final AuditTrail audit;
  private final Notifier notifier = new Notifier();

  private Blueprint blueprint;
  private final ServiceSettings settings;
  private final String fleetWorkflowId;
  private ServiceState state;
  private final OperationRunner operations;
  private final EvidenceGatherer evidence;

  /**
   * Evidence a trigger asked for, collected by the main loop ("unhealthy", "schedule"); null: none.
   */
  private String evidenceDue;

  private Instant lastEvidenceAt;
  private final CoordinatorLink coordinator;
  private final SearchAttributesPublisher searchAttributes;

  private boolean evaluateRequested;
  private boolean stopRequested;
  // pause signals taken so far: a cycle compares it to tell a pause since its decision, even one
  // already resumed
  private int pauses;

  /**
   * Watched mode (docs/scaling.md "Watchers"): the watcher evaluates while idle; this run waits
   * without a timer.
   */
  private final String watcherWorkflowId;

  private boolean watched;
  private boolean wakeRequested;
  private final List<RosterChange> watcherNotes = new ArrayList<>();
  private final ManualRequests manualRequests = new ManualRequests();
  private final ApprovalGate approvals = new ApprovalGate();
  private Health health;
  private final DecisionLog decisions;

  /**
   * Fields are set here, not in {@link #run}: a signal or query can be handled before the workflow
   * method starts (a signal buffered across continue-as-new, or one sent with signal-with-start).
   */
  @WorkflowInit
  public ServiceWorkflowImpl(ServiceInput input) {
    blueprint = input.blueprint();
    audit = new AuditTrail(blueprint.metadata().namespace());
    settings = input.settings() == null ? ServiceSettings.defaults() : input.settings();
    fleetWorkflowId = input.fleetWorkflowId();
    watcherWorkflowId = input.watcherWorkflowId();
    state = input.state() == null ? ServiceState.initial() : input.state();
    decisions = new DecisionLog(state.recentDecisions(), settings.recentDecisions());
    operations = new OperationRunner(audit, notifier, settings);
    evidence = new EvidenceGatherer(audit, notifier);
    coordinator = new CoordinatorLink(fleetWorkflowId);
    searchAttributes = new SearchAttributesPublisher(settings.searchAttributes());
  }

  @Override
  public void run(ServiceInput input) {
    searchAttributes.publish(
        blueprint,
        state.recentDecisions().isEmpty()
            ? "none"
            : state.recentDecisions().get(state.recentDecisions().size() - 1).action().wire(),
        false);
    if (state.nextEvaluationAt() == null) {
      // the first evaluation runs at once
      state = state.scheduled(now(), decisions.all());
    }
    // version 1: a service with a watcher waits without a timer while idle (runs without a watcher
    // never ask)
    watched =
        watcherWorkflowId != null
            && Workflow.getVersion("watched-idle", Workflow.DEFAULT_VERSION, 1) == 1;
    operations.watched(watched);

    while (!stopRequested) {
      audit.flush();
      notifyWatcher();
      // continue-as-new only with nothing pending: a signal's effect (a manual request, an audit
      // record) would otherwise be lost with this run
      boolean pending =
          manualRequests.pending()
              || evaluateRequested
              || wakeRequested
              || audit.hasNew()
              || !watcherNotes.isEmpty();
      if (!pending
          && (Workflow.getInfo().getHistoryLength() > settings.maxHistoryEvents()
              || Workflow.getInfo().isContinueAsNewSuggested())) {
        continueAsNew();
        return;
      }
      if (state.paused()) {
        Workflow.await(
            () -> !state.paused() || stopRequested || audit.hasNew() || !watcherNotes.isEmpty());
        continue;
      }
      if (watched) {
        if (evidenceDue != null) {
          collectDueEvidence();
          continue;
        }
        if (!wakeRequested && !evaluateRequested && !manualRequests.pending()) {
          // idle: no timer, nothing in the history until the watcher or an operator calls
          Workflow.await(
              () ->
                  wakeRequested
                      || evaluateRequested
                      || manualRequests.pending()
                      || stopRequested
                      || state.paused()
                      || audit.hasNew()
                      || !watcherNotes.isEmpty()
                      || evidenceDue != null);
          continue;
        }
        String reason =
            manualRequests.pending() ? "manual" : evaluateRequested ? "evaluate_now" : "watch";
        ScaleCommand request = manualRequests.take();
        evaluateRequested = false;
        wakeRequested = false;
        cycle(reason, request);
        if (request != null) {
          manualRequests.answerIfUnanswered();
        }
        collectDueEvidence();
        continue;
      }
      long wait = state.nextEvaluationAt().toEpochMilli() - Workflow.currentTimeMillis();
      if (wait > 0 && !evaluateRequested && !manualRequests.pending()) {
        Workflow.await(
            Duration.ofMillis(wait),
            () ->
                evaluateRequested
                    || manualRequests.pending()
                    || stopRequested
                    || state.paused()
                    || audit.hasNew());
        continue;
      }
      String reason =
          manualRequests.pending() ? "manual" : evaluateRequested ? "evaluate_now" : "schedule";
      ScaleCommand request = manualRequests.take();
      evaluateRequested = false;
      cycle(reason, request);
      if (request != null) {
        manualRequests.answerIfUnanswered();
      }
      scheduleEvidence();
      collectDueEvidence();
    }
    audit.add(
        "control",
        blueprint.name(),
        ControlRecord.of(blueprint.name(), ControlEvent.STOPPED, "stop signal"));
    audit.flush();
  }

  /** One evaluation and, if it calls for one, one operation. */
  private void cycle(String reason, ScaleCommand manual) {
    int pausesBefore = pauses;
    Evaluation ev = evaluate(reason, manual);
    if (ev == null) {
      state = withNext(now());
      return;
    }
    Decision decision = ev.decision();
    Classification classification = ev.verdict().classification();
    if (manual != null) {
      manualRequests.answer(ev);
    }
    searchAttributes.publish(blueprint, decision.action().wire(), false);
    Workflow.setCurrentDetails(details(decision, classification.wire()));
    DecisionSummary summary =
        DecisionLog.summarize(
            ev,
            classification == Classification.NOT_APPLICABLE
                ? DecisionOutcome.NO_ACTION
                : classification == Classification.DENIED
                    ? DecisionOutcome.DENIED
                    : DecisionOutcome.PROPOSED);
    decisions.remember(summary);

    if (!decision.action().isScaling() || classification == Classification.DENIED) {
      if (decision.action().isScaling()) {
        ended(decision, DecisionOutcome.DENIED);
      }
      state = withNext(now());
      return;
    }
    BreakerState breaker = state.breaker().at(now(), settings.breakerCoolOff());
    if (breaker.blocksOperations()) {
      skipped(
          decision,
          "circuit breaker open after "
              + breaker.consecutiveFailures()
              + " consecutive failures; nothing executed");
      state = withNext(now());
      return;
    }
    if (classification == Classification.REQUIRES_APPROVAL
        && pauses != pausesBefore
        && pauseAsksNoApprover()) {
      // paused while the decision was made (its audit write): no approver is asked, and no
      // approval_needed sent, for what the pause drops anyway
      skipped(
          decision,
          (state.paused()
                  ? "paused before approval was asked"
                  : "paused after the decision (resumed since)")
              + "; nothing executed");
      state = withNext(now());
      return;
    }
    if (classification == Classification.REQUIRES_APPROVAL) {
      decision = awaitApproval(ev, manual, pausesBefore);
      if (decision == null) {
        state = withNext(now());
        return;
      }
      breaker = state.breaker().at(now(), settings.breakerCoolOff());
      if (breaker.blocksOperations()) {
        skipped(decision, "circuit breaker opened while waiting for approval; nothing executed");
        state = withNext(now());
        return;
      }
    }
    boolean coordinated = coordinator.enabled();
    if (coordinated && !admitted(decision, ev)) {
      return;
    }
    boolean resumedSince = !state.paused() && pauses != pausesBefore;
    if (state.paused() || stopRequested || (resumedSince && pauseDropsDecision())) {
      // paused (or stopped) since the decision, while waiting for an approver, for capacity or for
      // an audit write: nothing runs that a pause came before, even one resumed since
      skipped(
          decision,
          (stopRequested
                  ? "stopped before the operation could run"
                  : state.paused()
                      ? "paused before the operation could run"
                      : "paused after the decision (resumed since)")
              + "; nothing executed");
      if (coordinated && pauseDropsDecision()) {
        // give back the capacity the fleet granted it
        coordinator.finished(
            blueprint.name(), decision.decisionId(), DecisionOutcome.SKIPPED.wire());
      }
      state = withNext(now());
      return;
    }
    String decisionId = decision.decisionId();
    OperationRunner.Outcome outcome =
        operations.run(
            blueprint,
            decision,
            ev.snapshot(),
            breaker,
            now(),
            () -> coordinator.executed(blueprint.name(), decisionId));
    coordinator.finished(blueprint.name(), decisionId, outcome.result().wire());
    ended(decision, DecisionOutcome.of(outcome.result()), ev.snapshot(), outcome.after());
    evidenceAfter(ev, outcome, breaker);
    Workflow.setCurrentDetails(details(decision, outcome.result().wire()));
    state =
        state.operated(
            decision.action() == Action.SCALE_UP ? outcome.startedAt() : state.lastScaleUpAt(),
            decision.action() == Action.SCALE_DOWN ? outcome.startedAt() : state.lastScaleDownAt(),
            outcome.breaker(),
            outcome.after(),
            outcome.operation());
    // version 1: evaluations go on at the interval after an operation; a cooldown holds back only
    // its
    // own direction (the engine checks it). Before, nothing was evaluated until the cooldown ended.
    if (Workflow.getVersion("evaluate-during-cooldown", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      Duration cooldown = blueprint.spec().scaling().cooldown().after(decision.action());
      Duration interval = blueprint.spec().evaluation().interval();
      state =
          withNext(
              outcome.startedAt().plus(cooldown.compareTo(interval) > 0 ? cooldown : interval));
    } else {
      state = withNext(now());
    }
  }

  private Evaluation evaluate(String reason, ScaleCommand manual) {
    state = state.evaluating();
    DecisionContext context =
        new DecisionContext(
            now(),
            state.sequence(),
            state.lastScaleUpAt(),
            state.lastScaleDownAt(),
            state.recentHistory(FORECAST_WINDOW));
    try {
      EvaluationActivities evaluation =
          Workflow.newLocalActivityStub(
              EvaluationActivities.class,
              EVALUATION.toBuilder()
                  .setSummary("evaluate " + blueprint.name() + " (" + reason + ")")
                  .build());
      // version 1: a decision to scale is recorded by the workflow, once the evaluation is in the
      // history (a worker killed mid-task left decisions in the audit log that never happened)
      boolean recordsScaling =
          Workflow.getVersion("scaling-records-in-workflow", Workflow.DEFAULT_VERSION, 1) == 1;
      Evaluation ev =
          evaluation.evaluate(
              new EvaluationRequest(blueprint, context, reason, manual, recordsScaling));
      if (recordsScaling && ev.decision().action().isScaling()) {
        audit.add("decision", blueprint.name(), new DecisionRecord(ev.decision(), reason));
        audit.add("governance", blueprint.name(), ev.verdict());
        if (!watched) {
          audit.flush(); // watched: they ride on the operation's first activity, or the next flush
        }
      }
      state =
          state.observed(
              ev.snapshot(),
              ev.snapshot() == null || ev.decision().weightedUtilization() == null
                  ? null
                  : HistoryPoint.of(ev.snapshot(), ev.decision().weightedUtilization()));
      boolean turnedUnhealthy =
          ev.health() != null
              && "unhealthy".equals(ev.health().status())
              && (health == null || !"unhealthy".equals(health.status()));
      health = ev.health();
      if (turnedUnhealthy && blueprint.spec().evidenceOrDefaults().on("unhealthy")) {
        evidenceDue = "unhealthy";
      }
      return ev;
    } catch (ActivityFailure e) {
      log.warn("evaluation of {} failed: {}", blueprint.name(), e.getMessage());
      audit.add(
          "control",
          blueprint.name(),
          ControlRecord.of(blueprint.name(), ControlEvent.EVALUATION_FAILED, rootMessage(e)));
      return null;
    }
  }

  /**
   * Asks the coordinator for capacity and an in-flight slot. Deferred: the next evaluation runs
   * when the deferral ends, on fresh metrics. Returns whether to go on.
   */
  private boolean admitted(Decision decision, Evaluation ev) {
    coordinator.send(
        coordinator.request(
            blueprint, decision, ev.snapshot(), ev.quotaShare(), state, ev.health()));
    decisions.updateOutcome(decision.decisionId(), DecisionOutcome.AWAITING_CAPACITY);
    String id = decision.decisionId();
    boolean answered =
        awaitUntil(
            now().plus(CoordinatorLink.ANSWER_TIMEOUT),
            () -> coordinator.answered(id) || stopRequested,
            !watched);
    if (answered && coordinator.answered(id) && coordinator.answer().granted()) {
      decisions.updateOutcome(id, DecisionOutcome.PROPOSED);
      return true;
    }
    Duration wait =
        answered && coordinator.answered(id) && coordinator.answer().deferDuration() != null
            ? coordinator.answer().deferDuration()
            : blueprint.spec().evaluation().interval();
    String why =
        answered && coordinator.answered(id)
            ? coordinator.answer().rationale()
            : "the coordinator did not answer within "
                + Quantities.formatDuration(CoordinatorLink.ANSWER_TIMEOUT);
    ended(decision, DecisionOutcome.DEFERRED);
    audit.add(
        "control",
        blueprint.name(),
        new ControlRecord(
            blueprint.name(),
            ControlEvent.DEFERRED,
            why + "; re-evaluating with fresh metrics in " + Quantities.formatDuration(wait),
            id,
            null));
    notifier.send(
        blueprint,
        "deferred",
        blueprint.name()
            + ": "
            + id
            + " deferred for "
            + Quantities.formatDuration(wait)
            + ": "
            + why,
        Map.of("decision_id", id));
    state = withNext(now().plus(wait));
    return false;
  }

  /**
   * Waits for an approver; returns the decision to execute, or null when rejected, expired or
   * obsolete. {@code manual}: the operator's request that made the decision, or null for the
   * policy's own.
   */
  private Decision awaitApproval(Evaluation ev, ScaleCommand manual, int pausesBefore) {
    Decision decision = ev.decision();
    boolean pauseWithdraws = pauseDropsDecision();
    Instant expires = now().plus(blueprint.spec().governance().approvalTimeout());
    approvals.open(
        new PendingApproval(
            decision.decisionId(),
            decision.action(),
            decision.currentReplicas(),
            decision.targetReplicas(),
            decision.rationale(),
            ev.verdict().approvers(),
            now(),
            expires));
    searchAttributes.publish(blueprint, decision.action().wire(), true);
    Workflow.setCurrentDetails(
        details(decision, "awaiting approval by " + String.join(" or ", ev.verdict().approvers())));
    audit.add(
        "approval",
        blueprint.name(),
        new ApprovalRecord(
            decision.decisionId(),
            blueprint.name(),
            ApprovalEvent.REQUESTED,
            null,
            null,
            ev.verdict().rationale(),
            ev.verdict().approvers()));
    decisions.updateOutcome(decision.decisionId(), DecisionOutcome.PENDING_APPROVAL);
    notifier.send(
        blueprint,
        "approval_needed",
        blueprint.name()
            + ": "
            + decision.action().wire()
            + " "
            + decision.currentReplicas()
            + " -> "
            + decision.targetReplicas()
            + " needs approval ("
            + decision.decisionId()
            + ")",
        Map.of(
            "decision_id",
            decision.decisionId(),
            "approvers",
            ev.verdict().approvers(),
            "expires_at",
            expires.toString()));

    boolean answered =
        awaitUntil(
            expires,
            () ->
                approvals.answered() || stopRequested || (pauseWithdraws && pauses != pausesBefore),
            true);
    ApprovalGate.Closed closed = approvals.close();
    PendingApproval pending = closed.pending();
    ApprovalSignal answer = closed.answer();
    boolean granted = closed.granted();
    searchAttributes.publish(blueprint, decision.action().wire(), false);
    if (answer == null && pauseWithdraws && pauses != pausesBefore) {
      // a pause withdraws the request at once rather than leave an approver to approve what the
      // pause will skip
      return approvalEnded(
          decision,
          pending,
          ApprovalEvent.OBSOLETE,
          null,
          blueprint.name()
              + " was paused while awaiting approval; the first evaluation after resume decides"
              + " again",
          DecisionOutcome.SKIPPED);
    }
    if (!answered || answer == null) {
      return approvalEnded(
          decision,
          pending,
          ApprovalEvent.EXPIRED,
          null,
          "no approval within "
              + Quantities.formatDuration(blueprint.spec().governance().approvalTimeout()),
          DecisionOutcome.EXPIRED);
    }
    if (!granted) {
      ended(decision, DecisionOutcome.REJECTED);
      return null;
    }
    // Re-check on fresh state: the policy's decision must still hold on fresh metrics; an
    // operator's
    // request is re-checked against the bounds, max_step, cooldowns and governance, not against
    // what
    // the metrics would decide. Never beyond what was approved.
    Evaluation fresh = evaluate("after_approval", manual);
    boolean denied = fresh != null && fresh.verdict().classification() == Classification.DENIED;
    if (fresh == null || fresh.decision().action() != decision.action() || denied) {
      String why =
          fresh == null
              ? "metrics could not be collected after approval"
              : denied
                  ? "governance now denies it (" + fresh.verdict().rationale() + ")"
                  : manual != null
                      ? "the request no longer applies (" + fresh.decision().rationale() + ")"
                      : "fresh metrics no longer call for "
                          + decision.action().wire()
                          + " ("
                          + fresh.decision().rationale()
                          + ")";
      return approvalEnded(
          decision, pending, ApprovalEvent.OBSOLETE, answer, why, DecisionOutcome.OBSOLETE);
    }
    int target =
        decision.action() == Action.SCALE_UP
            ? Math.min(decision.targetReplicas(), fresh.decision().targetReplicas())
            : Math.max(decision.targetReplicas(), fresh.decision().targetReplicas());
    Decision d = fresh.decision();
    return new Decision(
        decision.decisionId(),
        d.service(),
        d.decisionType(),
        d.action(),
        d.currentReplicas(),
        target,
        decision.rationale()
            + " Approved by "
            + answer.approver()
            + "; re-checked "
            + (manual != null ? "against the blueprint." : "on fresh metrics."),
        d.weightedUtilization(),
        d.trigger(),
        d.forecast(),
        d.decidedAt(),
        d.observed());
  }

  /** Records how an approval wait ended without an operation; returns null (nothing to run). */
  private Decision approvalEnded(
      Decision decision,
      PendingApproval pending,
      ApprovalEvent event,
      ApprovalSignal answer,
      String reason,
      DecisionOutcome outcome) {
    audit.add(
        "approval",
        blueprint.name(),
        new ApprovalRecord(
            pending.decisionId(),
            blueprint.name(),
            event,
            answer == null ? null : answer.approver(),
            answer == null ? null : answer.comment(),
            reason,
            pending.approvers()));
    ended(decision, outcome);
    return null;
  }

  /**
   * Waits until {@code condition} holds or {@code deadline} passes, flushing audit records
   * meanwhile.
   */
  private boolean awaitUntil(
      Instant deadline, Functions.Func<Boolean> condition, boolean flushing) {
    while (true) {
      if (flushing) {
        audit.flush();
      }
      if (condition.apply()) {
        return true;
      }
      long left = deadline.toEpochMilli() - Workflow.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      // a short wait (a watched service's capacity answer) holds its records for the next activity:
      // one timer, no flush
      Workflow.await(
          Duration.ofMillis(left), () -> condition.apply() || flushing && audit.hasNew());
    }
  }

  // ---- signals ----

  @Override
  public void approve(ApprovalSignal approval) {
    answerApproval(approval, true);
  }

  @Override
  public void reject(ApprovalSignal rejection) {
    answerApproval(rejection, false);
  }

  private void answerApproval(ApprovalSignal signal, boolean approve) {
    audit.add("approval", blueprint.name(), approvals.answer(signal, approve, blueprint));
  }

  @Override
  public void pause() {
    if (!state.paused()) {
      state = state.paused(true);
      pauses++;
      audit.add(
          "control",
          blueprint.name(),
          ControlRecord.of(blueprint.name(), ControlEvent.PAUSED, "pause signal"));
      tellWatcher(RosterChange.Kind.PAUSE);
    }
  }

  @Override
  public void resume() {
    if (state.paused()) {
      state = state.paused(false);
      audit.add(
          "control",
          blueprint.name(),
          ControlRecord.of(blueprint.name(), ControlEvent.RESUMED, "resume signal"));
      tellWatcher(RosterChange.Kind.RESUME);
    }
  }

  @Override
  public void wake(WakeSignal signal) {
    if (signal != null && "evidence".equals(signal.reason())) {
      evidenceDue = "schedule"; // the watcher keeps the evidence schedule of a watched service
      return;
    }
    wakeRequested = true;
  }

  @Override
  public void validateCollectEvidence(EvidenceAsk ask) {
    if (stopRequested) {
      throw new IllegalStateException(blueprint.name() + " is stopping");
    }
  }

  @Override
  public EvidenceReport collectEvidence(EvidenceAsk ask) {
    EvidenceGatherer.supported(); // marks the history: collection happens from here on
    String why =
        ask == null || ask.reason() == null || ask.reason().isBlank() ? "" : ": " + ask.reason();
    String who =
        ask == null || ask.requestedBy() == null || ask.requestedBy().isBlank()
            ? "an operator"
            : ask.requestedBy();
    List<String> chain = new ArrayList<>();
    chain.add("asked for by " + who + why);
    DecisionSummary last = decisions.last();
    if (last != null) {
      chain.add(
          "last decision "
              + last.decisionId()
              + ": "
              + last.action().wire()
              + " "
              + last.currentReplicas()
              + " -> "
              + last.targetReplicas()
              + " ("
              + last.outcome().wire()
              + ")");
    }
    OperationSummary op = state.lastOperation();
    if (op != null) {
      chain.add(
          "last operation "
              + op.decisionId()
              + ": "
              + op.action().wire()
              + " "
              + op.fromReplicas()
              + " -> "
              + op.toReplicas()
              + " "
              + op.outcome().wire());
    }
    return evidence.gather(
        blueprint,
        "on_demand",
        op == null ? null : op.decisionId(),
        chain,
        state.lastSnapshot(),
        null);
  }

  /**
   * A change the watcher must know (it skips paused services and evaluates on the current
   * blueprint).
   */
  private void tellWatcher(RosterChange.Kind kind) {
    if (watcherWorkflowId != null) {
      watcherNotes.add(
          new RosterChange(
              kind,
              new WatchedService(
                  blueprint.name(),
                  Workflow.getInfo().getWorkflowId(),
                  blueprint,
                  state.paused())));
    }
  }

  /** Sent from the main loop, not the signal handlers: one signal per change, in order. */
  private void notifyWatcher() {
    while (watched && !watcherNotes.isEmpty()) {
      RosterChange change = watcherNotes.remove(0);
      try {
        Workflow.newExternalWorkflowStub(WatchWorkflow.class, watcherWorkflowId).roster(change);
      } catch (RuntimeException e) {
        log.warn("could not tell watcher {}: {}", watcherWorkflowId, e.getMessage());
      }
    }
    watcherNotes.clear();
  }

  @Override
  public void evaluateNow() {
    evaluateRequested = true;
  }

  /**
   * The update's blueprint. Updates naming a {@code replicas} or {@code ready_replicas} query were
   * accepted before such queries were refused (nothing ever read them); the version is asked only
   * for those, so other updates' histories are unchanged and old ones replay as they ran.
   */
  private static Blueprint parseUpdate(String source, String yaml) {
    Blueprint candidate = BlueprintParser.parseAcceptingUnreadQueries(source, yaml);
    if (BlueprintParser.namesUnreadQuery(candidate)
        && Workflow.getVersion("refuse-unread-queries", Workflow.DEFAULT_VERSION, 1) == 1) {
      return BlueprintParser.parse(source, yaml);
    }
    return candidate;
  }

  @Override
  public void updateBlueprint(BlueprintUpdate update) {
    String source =
        update == null || update.source() == null ? blueprint.source() : update.source();
    try {
      if (update == null || update.yaml() == null) {
        throw new BlueprintException(
            List.of(new ValidationError(source, "", "the update carries no blueprint YAML", 0)));
      }
      Blueprint candidate = parseUpdate(source, update.yaml());
      if (!candidate.name().equals(blueprint.name())) {
        throw new BlueprintException(
            List.of(
                new ValidationError(
                    source,
                    "metadata.name",
                    "is \""
                        + candidate.name()
                        + "\" but this workflow manages \""
                        + blueprint.name()
                        + "\"",
                    0)));
      }
      blueprint = candidate;
      audit.add(
          "control",
          blueprint.name(),
          ControlRecord.of(
              blueprint.name(),
              ControlEvent.BLUEPRINT_UPDATED,
              "blueprint "
                  + source
                  + " (version "
                  + candidate.metadata().version()
                  + ") accepted"));
      tellWatcher(RosterChange.Kind.UPDATE);
    } catch (BlueprintException e) {
      audit.add(
          "control",
          blueprint.name(),
          new ControlRecord(
              blueprint.name(),
              ControlEvent.BLUEPRINT_REFUSED,
              "invalid blueprint refused; the last valid one stays",
              null,
              e.errors().stream().map(ValidationError::toString).toList()));
    }
  }

  @Override
  public void scale(ScaleCommand command) {
    if (command == null || command.replicas() < 0) {
      audit.add(
          "control",
          blueprint.name(),
          ControlRecord.of(
              blueprint.name(),
              ControlEvent.MANUAL_REQUEST_REFUSED,
              "a scale request needs replicas >= 0"));
      return;
    }
    manualRequests.queue(command);
  }

  @Override
  public void validateRequestScale(ScaleCommand command) {
    if (command == null || command.replicas() < 0) {
      throw new IllegalArgumentException("a scale request needs replicas >= 0");
    }
    if (stopRequested) {
      throw new IllegalStateException(blueprint.name() + " is stopping");
    }
  }

  @Override
  public ScaleAnswer requestScale(ScaleCommand command) {
    long number = manualRequests.queue(command);
    Workflow.await(() -> manualRequests.answered(number) || state.paused() || stopRequested);
    ScaleAnswer answer = manualRequests.collect(number);
    if (answer != null) {
      return answer;
    }
    return ScaleAnswer.without(
        stopRequested ? ScaleAnswer.Outcome.SUPERSEDED : ScaleAnswer.Outcome.QUEUED,
        stopRequested
            ? blueprint.name() + " is stopping"
            : blueprint.name() + " is paused: the request is evaluated when it is resumed");
  }

  @Override
  public void stop() {
    stopRequested = true;
  }

  @Override
  public void capacityDecision(CapacityDecision decision) {
    if (decision != null && coordinator != null) {
      coordinator.onDecision(decision);
    }
  }

  // ---- queries ----

  @Override
  public ServiceStatus status() {
    return StatusView.of(
        new StatusView.Parts(
            blueprint,
            settings,
            state,
            phase(),
            decisions,
            approvals,
            health,
            operations,
            watched ? watcherWorkflowId : null,
            nextEvaluation(),
            now()));
  }

  @Override
  public List<HistoryPoint> history(int limit) {
    return List.copyOf(state.recentHistory(limit <= 0 ? ServiceState.HISTORY_LIMIT : limit));
  }

  @Override
  public List<DecisionSummary> decisions(int limit) {
    return decisions.newest(limit);
  }

  @Override
  public Blueprint blueprint() {
    return blueprint;
  }

  // ---- helpers ----

  /**
   * The evidence trigger setting an operation's end falls under: a rollback that did not go through
   * is a rollback's (spec.evidence.triggers has no name of its own for it).
   */
  private static String setting(String result) {
    return result.equals(OperationResult.ROLLBACK_FAILED.wire()) ? "rolled_back" : result;
  }

  /**
   * Evidence when an operation ended badly or opened the breaker, as the blueprint's
   * spec.evidence.triggers say.
   */
  private void evidenceAfter(Evaluation ev, OperationRunner.Outcome outcome, BreakerState before) {
    String result = outcome.result().wire();
    boolean opened =
        BreakerState.OPEN.equals(outcome.breaker().state())
            && !BreakerState.OPEN.equals(before.state());
    Blueprint.Evidence settings = blueprint.spec().evidenceOrDefaults();
    String trigger =
        opened && settings.on("breaker_opened")
            ? "breaker_opened"
            : List.of("rolled_back", "partial", "failed").contains(setting(result))
                    && settings.on(setting(result))
                ? result
                : null;
    if (trigger == null || !EvidenceGatherer.supported()) {
      return;
    }
    Decision d = ev.decision();
    List<String> chain =
        new ArrayList<>(
            List.of(
                "decision "
                    + d.decisionId()
                    + ": "
                    + d.action().wire()
                    + " "
                    + d.currentReplicas()
                    + " -> "
                    + d.targetReplicas()
                    + ": "
                    + d.rationale(),
                "governance: "
                    + ev.verdict().classification().wire()
                    + (ev.verdict().rationale() == null
                        ? ""
                        : " (" + ev.verdict().rationale() + ")"),
                "operation: " + result + (opened ? "; the circuit breaker opened" : "")));
    evidence.gather(blueprint, trigger, d.decisionId(), chain, ev.snapshot(), outcome.after());
    lastEvidenceAt = now();
  }

  /**
   * Evidence on the blueprint's own schedule (spec.evidence.interval), checked after each
   * evaluation.
   */
  private void scheduleEvidence() {
    Blueprint.Evidence settings = blueprint.spec().evidenceOrDefaults();
    if (evidenceDue != null || !settings.enabled() || settings.interval() == null) {
      return;
    }
    if (lastEvidenceAt == null) {
      lastEvidenceAt = now(); // the first one an interval after the run starts
    } else if (!now().isBefore(lastEvidenceAt.plus(settings.interval()))) {
      evidenceDue = "schedule";
    }
  }

  private void collectDueEvidence() {
    String trigger = evidenceDue;
    evidenceDue = null;
    if (trigger == null || !EvidenceGatherer.supported()) {
      return;
    }
    List<String> chain = new ArrayList<>();
    if (health != null) {
      chain.add(
          "health "
              + health.score()
              + " ("
              + health.status()
              + "): cpu "
              + health.cpuScore()
              + ", memory "
              + health.memoryScore()
              + ", errors "
              + health.errorScore()
              + ", latency "
              + health.latencyScore());
    }
    evidence.gather(blueprint, trigger, null, chain, state.lastSnapshot(), null);
    lastEvidenceAt = now();
  }

  /** The line the Temporal Web UI shows for this workflow: "decide: scale_up 2 -> 3 (verified)". */
  private static String details(Decision d, String what) {
    String change =
        d.action().isScaling() ? " " + d.currentReplicas() + " -> " + d.targetReplicas() : "";
    String weighted =
        d.weightedUtilization() == null
            ? ""
            : " at " + Quantities.formatPercent(d.weightedUtilization());
    Decision.Forecast f = d.forecast();
    String forecast =
        f == null || !"forecast".equals(f.model()) || f.peak() == null
            ? ""
            : "; forecast peak "
                + f.peak()
                + " cores in "
                + f.horizon()
                + ", bound "
                + f.upperPeak()
                + " (headroom "
                + Math.round(f.headroom() * 100)
                + "% at "
                + Math.round(f.coverage() * 100)
                + "%) needs "
                + f.replicasForPeak();
    return "decide: "
        + d.action().wire()
        + change
        + weighted
        + " ("
        + what
        + ") "
        + d.decisionId()
        + forecast;
  }

  /**
   * When the next scheduled evaluation is due; none while paused, or while an approval, capacity or
   * an operation holds the loop.
   */
  private Instant nextEvaluation() {
    // a watched service's next evaluation is its watcher's (status views read it there)
    return !watched && phase() == ServicePhase.IDLE ? state.nextEvaluationAt() : null;
  }

  private ServicePhase phase() {
    return StatusView.phase(state, approvals, decisions, operations);
  }

  /** A scaling decision's end: in the decisions query and, once per decision, in the audit log. */
  private void ended(Decision decision, DecisionOutcome outcome) {
    ended(decision, outcome, null, null);
  }

  private void ended(
      Decision decision, DecisionOutcome outcome, MetricsSnapshot before, MetricsSnapshot after) {
    decisions.updateOutcome(decision.decisionId(), outcome);
    // runs started before outcome records existed replay without them (their history has no such
    // flush)
    if (Workflow.getVersion("outcome-records", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    audit.add(
        "outcome",
        blueprint.name(),
        new OutcomeRecord(
                decision.decisionId(),
                blueprint.name(),
                decision.action().wire(),
                decision.currentReplicas(),
                decision.targetReplicas(),
                outcome)
            .withMetrics(before, after));
  }

  /**
   * Version 1: a pause between a decision and its operation drops the decision even when resumed
   * before the operation would start (an audit write or a re-check could span the pause), ends an
   * approval wait at once, and gives back capacity the fleet granted. Asked only on the paths it
   * changes (an approval wait, a skip), so an unattended run carries no marker.
   */
  private static boolean pauseDropsDecision() {
    return Workflow.getVersion("pause-drops-decision", Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** The decision is dropped before its operation: its outcome, and a control record saying why. */
  private void skipped(Decision decision, String reason) {
    ended(decision, DecisionOutcome.SKIPPED);
    audit.add(
        "control",
        blueprint.name(),
        new ControlRecord(
            blueprint.name(), ControlEvent.SKIPPED, reason, decision.decisionId(), null));
  }

  /**
   * Version 1: a decision that needs approval, paused between its evaluation and the approval
   * request, is dropped before any approver is asked. Before it, the request went out and the pause
   * withdrew it at once. Asked only when such a pause happened.
   */
  private static boolean pauseAsksNoApprover() {
    return Workflow.getVersion("pause-asks-no-approver", Workflow.DEFAULT_VERSION, 1) == 1;
  }

  private ServiceState withNext(Instant from) {
    return state.scheduled(
        from.isAfter(now()) ? from : now().plus(blueprint.spec().evaluation().interval()),
        decisions.all());
  }

  private void continueAsNew() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(
        new ServiceInput(
            blueprint,
            fleetWorkflowId,
            settings,
            state.continued(decisions.all()),
            watcherWorkflowId));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
