package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.json.Json;
import io.specops.simulation.LoadProfile;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-skipping tests of the per-service workflow with the real activities against the simulated
 * cluster.
 */
class ServiceWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = Harness.extension(ServiceWorkflowImpl.class);

  @TempDir Path auditDir;
  private Harness h;
  private final ServiceSettings settings = ServiceSettings.defaults();

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker) {
    h = new Harness(env, worker, "seed-001", auditDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * While an operation runs, status says which phase, desired against ready, and no stale next
   * evaluation.
   */
  @Test
  void statusDuringAnOperationShowsItsPhaseAndReplicas() {
    ServiceWorkflow wf = h.start(TestBlueprints.frontend(), settings);
    assertThat(
            h.advanceUntil(
                Duration.ofSeconds(40),
                () ->
                    wf.status().operation() != null
                        && wf.status().operation().phase() == ServicePhase.WAITING_FOR_PODS
                        && wf.status().operation().desiredReplicas() != null))
        .as(describe(wf))
        .isTrue();
    ServiceStatus during = wf.status();
    assertThat(during.phase()).isEqualTo(ServicePhase.WAITING_FOR_PODS);
    assertThat(during.operation().toReplicas()).isEqualTo(3);
    assertThat(during.operation().desiredReplicas()).isEqualTo(3);
    assertThat(during.operation().readyReplicas()).isEqualTo(2);
    assertThat(during.nextEvaluationAt()).as("no evaluation is due during an operation").isNull();
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(2),
                () ->
                    wf.status().phase() == ServicePhase.VERIFYING
                        || wf.status().phase() == ServicePhase.SETTLING))
        .isTrue();
  }

  @Test
  void seed001FrontendScalesFromTwoToThreeAndVerifies() {
    ServiceWorkflow wf = h.start(TestBlueprints.frontend(), settings);
    assertThat(h.advanceUntil(Duration.ofMinutes(3), () -> outcomeOf(wf).equals("verified")))
        .as(describe(wf))
        .isTrue();
    ServiceStatus status = wf.status();
    assertThat(status.operation()).as("nothing in flight once verified").isNull();
    assertThat(status.nextEvaluationAt()).isNotNull();
    assertThat(status.lastOperation().fromReplicas()).isEqualTo(2);
    assertThat(status.lastOperation().toReplicas()).isEqualTo(3);
    assertThat(status.observed().podsReady()).isEqualTo(3);
    assertThat(status.observed().metrics().cpuUtilization())
        .isCloseTo(0.567, org.assertj.core.data.Offset.offset(0.01));

    h.advance(Duration.ofSeconds(2));
    List<JsonNode> records = h.auditRecords();
    assertThat(records)
        .extracting(r -> r.get("record_type").asText())
        .contains("decision", "governance", "execution", "verification");
    JsonNode decision =
        records.stream()
            .filter(r -> r.get("record_type").asText().equals("decision"))
            .findFirst()
            .orElseThrow();
    assertThat(decision.get("weighted_utilization").asDouble()).isEqualTo(0.815);
    assertThat(decision.get("decision_id").asText()).matches("dec-\\d{8}-\\d{6}-todo-frontend-001");
    JsonNode verification =
        records.stream()
            .filter(r -> r.get("record_type").asText().equals("verification"))
            .findFirst()
            .orElseThrow();
    assertThat(verification.get("outcome").asText()).isEqualTo("success");
    assertThat(verification.get("checks").get(0).get("check").asText()).isEqualTo("replica_count");
    assertThat(verification.get("checks").get(1).get("improvement").asText())
        .isEqualTo("28% reduction (85% → 56.7%)");
    JsonNode execution =
        records.stream()
            .filter(r -> r.get("record_type").asText().equals("execution"))
            .findFirst()
            .orElseThrow();
    assertThat(execution.get("operation_id").asText())
        .isEqualTo(decision.get("decision_id").asText());
    assertThat(execution.get("execution").get("stdout").asText())
        .isEqualTo("deployment.apps/todo-frontend scaled");
    // record ids: the workflow's records are named by run and place in it
    assertThat(decision.get("record_id").asText())
        .matches("specops-service-todo-frontend/[0-9a-f-]{36}/\\d+");
    assertThat(execution.get("record_id").asText()).startsWith("specops-service-todo-frontend/");
    assertThat(execution.get("namespace").asText()).isEqualTo("todo-app");
    assertThat(h.cluster.scaleCalls())
        .singleElement()
        .satisfies(c -> assertThat(c.replicas()).isEqualTo(3));
    // and once, how the decision ended
    assertThat(records)
        .filteredOn(r -> r.get("record_type").asText().equals("outcome"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("decision_id").asText())
                  .isEqualTo(decision.get("decision_id").asText());
              assertThat(r.get("outcome").asText()).isEqualTo("verified");
              assertThat(r.get("from_replicas").asInt()).isEqualTo(2);
              assertThat(r.get("to_replicas").asInt()).isEqualTo(3);
            });
  }

  @Test
  void seed001BackendTakesNoAction() {
    ServiceWorkflow wf = h.start(TestBlueprints.backend(), settings);
    h.advanceUntil(Duration.ofMinutes(2), () -> wf.status().lastDecision() != null);
    h.advance(Duration.ofSeconds(65));
    ServiceStatus status = wf.status();
    // an evaluation's own records (no action) are named by their decision id
    assertThat(h.auditRecords())
        .filteredOn(r -> r.get("record_type").asText().equals("decision"))
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r.get("record_id").asText())
                    .isEqualTo(r.get("decision_id").asText() + "/decision"));
    assertThat(status.lastDecision().action()).isEqualTo(Action.NO_ACTION);
    assertThat(status.evaluations()).isGreaterThanOrEqualTo(3);
    assertThat(status.lastOperation()).isNull();
    assertThat(h.cluster.scaleCalls()).isEmpty();
    assertThat(h.auditRecords())
        .filteredOn(r -> r.get("record_type").asText().equals("governance"))
        .allSatisfy(r -> assertThat(r.get("classification").asText()).isEqualTo("n/a"));
  }

  @Test
  void cooldownHoldsASecondScaleUpInsideTheWindow() {
    Blueprint bp =
        BlueprintParser.parse(
            "blueprints/frontend/blueprint.yaml",
            TestBlueprints.yaml("frontend")
                .replace(
                    "scale_down_threshold: 40%",
                    "scale_down_threshold: 40%\n    cooldown: {scale_up: 10m}"));
    ServiceWorkflow wf = h.start(bp, settings);
    assertThat(h.advanceUntil(Duration.ofMinutes(3), () -> outcomeOf(wf).equals("verified")))
        .isTrue();
    h.cluster.setLoad("todo-app", "todo-frontend", LoadProfile.constant(400));
    h.advance(Duration.ofSeconds(3));
    wf.evaluateNow();
    h.advanceUntil(
        Duration.ofSeconds(30), () -> "cooldown".equals(wf.status().lastDecision().trigger()));
    DecisionSummary held = wf.status().lastDecision();
    assertThat(held.action()).isEqualTo(Action.NO_ACTION);
    assertThat(held.rationale()).contains("scale_up cooldown has").contains("left");
    assertThat(h.cluster.scaleCalls()).hasSize(1);
    assertThat(wf.status().cooldownScaleUpUntil()).isNotNull();
  }

  /**
   * Cooldowns are per direction and never stop evaluation: right after a scale-down (whose cooldown
   * is 5 minutes), a load spike is answered at the next interval.
   */
  @Test
  void aLoadSpikeRightAfterAScaleDownIsAnsweredWithinAnInterval() {
    h.cluster.setLoad("todo-app", "todo-frontend", LoadProfile.constant(20));
    ServiceWorkflow wf = h.start(TestBlueprints.frontend(), settings);
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(15),
                () ->
                    wf.status().lastOperation() != null
                        && wf.status().lastOperation().action() == Action.SCALE_DOWN
                        && wf.status().phase() != ServicePhase.EXECUTING
                        && wf.status().lastOperation().outcome() != null))
        .as(describe(wf))
        .isTrue();
    Instant scaledDown = wf.status().lastOperation().startedAt();
    assertThat(wf.status().nextEvaluationAt())
        .as("next evaluation at the interval, not after the cooldown")
        .isBefore(scaledDown.plus(Duration.ofMinutes(5)));
    h.cluster.setLoad("todo-app", "todo-frontend", LoadProfile.constant(400));
    int scaleCallsBefore = h.cluster.scaleCalls().size();
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(2), () -> h.cluster.scaleCalls().size() > scaleCallsBefore))
        .as(describe(wf))
        .isTrue();
    assertThat(h.cluster.scaleCalls().get(scaleCallsBefore).replicas()).isGreaterThan(1);
    assertThat(Instant.ofEpochMilli(h.env.currentTimeMillis()))
        .isBefore(scaledDown.plus(Duration.ofMinutes(5)));
  }

  /**
   * An operator's request is not the policy's decision: after approval it runs the requested
   * target, although the metrics alone would not scale (the backend is calm at 3 replicas).
   */
  @Test
  void anApprovedManualScaleRunsTheRequestedTarget() {
    ServiceWorkflow wf = h.start(TestBlueprints.backend(), settings);
    assertThat(h.advanceUntil(Duration.ofSeconds(30), () -> wf.status().evaluations() >= 1))
        .isTrue();
    ScaleAnswer answer = wf.requestScale(new ScaleCommand(2, "ops", "quiet week"));
    assertThat(answer.outcome()).isEqualTo(ScaleAnswer.Outcome.PENDING_APPROVAL);
    assertThat(answer.approvers()).containsExactly("carol", "dave");
    assertThat(answer.action()).isEqualTo(Action.SCALE_DOWN);
    assertThat(answer.targetReplicas()).isEqualTo(2);
    assertThat(answer.decisionId()).isEqualTo(wf.status().pendingApproval().decisionId());

    wf.approve(new ApprovalSignal(answer.decisionId(), "carol", "ok"));
    assertThat(h.advanceUntilOperationEnds(wf, Duration.ofMinutes(3))).as(describe(wf)).isTrue();
    assertThat(h.cluster.scaleCalls()).extracting(c -> c.replicas()).containsExactly(2);
    assertThat(wf.status().lastOperation().decisionId()).isEqualTo(answer.decisionId());
    assertThat(h.auditRecords()).noneMatch(r -> "obsolete".equals(r.path("event").asText()));
  }

  /** A request the blueprint's bounds forbid is answered at once as denied, and nothing runs. */
  @Test
  void aManualScaleOutsideTheBoundsIsDeniedAtOnce() {
    ServiceWorkflow wf = h.start(TestBlueprints.backend(), settings);
    assertThat(h.advanceUntil(Duration.ofSeconds(30), () -> wf.status().evaluations() >= 1))
        .isTrue();
    ScaleAnswer answer = wf.requestScale(new ScaleCommand(1, "ops", null));
    assertThat(answer.outcome()).isEqualTo(ScaleAnswer.Outcome.DENIED);
    assertThat(answer.rationale()).contains("outside blueprint limits (2-5)");
    h.advance(Duration.ofSeconds(5));
    assertThat(h.cluster.scaleCalls()).isEmpty();
  }

  @Test
  void anApprovedOperationIsReCheckedAndExecuted() {
    ServiceWorkflow wf = h.start(needsApproval(), settings);
    PendingApproval pending = awaitPending(wf);
    assertThat(pending.approvers()).containsExactly("alice");
    assertThat(wf.status().phase()).isEqualTo(ServicePhase.AWAITING_APPROVAL);
    wf.approve(new ApprovalSignal(pending.decisionId(), "alice", "go"));
    assertThat(h.advanceUntil(Duration.ofMinutes(3), () -> outcomeOf(wf).equals("verified")))
        .as(describe(wf))
        .isTrue();
    assertThat(h.auditRecords())
        .filteredOn(r -> r.get("record_type").asText().equals("approval"))
        .extracting(r -> r.get("event").asText())
        .contains("requested", "approved");
  }

  @Test
  void aRejectedOperationIsNotExecuted() {
    ServiceWorkflow wf = h.start(needsApproval(), settings);
    PendingApproval pending = awaitPending(wf);
    wf.reject(new ApprovalSignal(pending.decisionId(), "alice", "not now"));
    h.advanceUntil(Duration.ofSeconds(20), () -> outcomeOf(wf).equals("rejected"));
    assertThat(outcomeOf(wf)).isEqualTo("rejected");
    assertThat(h.cluster.scaleCalls()).isEmpty();
    h.advance(Duration.ofSeconds(2));
    assertThat(h.auditRecords())
        .filteredOn(r -> r.get("record_type").asText().equals("outcome"))
        .extracting(r -> r.get("outcome").asText())
        .containsExactly("rejected");
  }

  @Test
  void anUnansweredApprovalExpires() {
    ServiceWorkflow wf = h.start(needsApproval(), settings);
    awaitPending(wf);
    h.advanceUntil(Duration.ofMinutes(11), () -> outcomeOf(wf).equals("expired"));
    assertThat(outcomeOf(wf)).isEqualTo("expired");
    assertThat(wf.status().pendingApproval()).isNull();
    assertThat(h.cluster.scaleCalls()).isEmpty();
    assertThat(h.auditRecords())
        .anySatisfy(
            r -> {
              assertThat(r.path("event").asText()).isEqualTo("expired");
              assertThat(r.path("reason").asText()).isEqualTo("no approval within 10m");
            });
  }

  @Test
  void approvalsFromUnlistedApproversOrForUnknownDecisionsAreRefusedAndRecorded() {
    ServiceWorkflow wf = h.start(needsApproval(), settings);
    PendingApproval pending = awaitPending(wf);
    wf.approve(new ApprovalSignal(pending.decisionId(), "mallory", "let me"));
    wf.approve(new ApprovalSignal("dec-20990101-000000-001", "alice", null));
    h.advance(Duration.ofSeconds(3));
    assertThat(wf.status().pendingApproval()).isNotNull();
    assertThat(h.cluster.scaleCalls()).isEmpty();
    assertThat(h.auditRecords())
        .filteredOn(r -> "refused".equals(r.path("event").asText()))
        .extracting(r -> r.get("reason").asText())
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .contains("mallory is not an approver of todo-frontend (approvers: alice)"))
        .anySatisfy(
            reason -> assertThat(reason).contains("unknown decision id dec-20990101-000000-001"));
  }

  @Test
  void aFailedVerificationRollsBackAndCountsOnTheBreaker() {
    h.cluster.setNeverReady("todo-app", "todo-frontend", true);
    ServiceWorkflow wf = h.start(TestBlueprints.frontend(), settings);
    assertThat(h.advanceUntil(Duration.ofMinutes(5), () -> outcomeOf(wf).equals("rolled_back")))
        .as(describe(wf))
        .isTrue();
    h.advance(Duration.ofSeconds(2));
    assertThat(wf.status().breaker().consecutiveFailures()).isEqualTo(1);
    assertThat(wf.status().breaker().state()).isEqualTo("closed");
    assertThat(h.cluster.scaleCalls()).extracting(c -> c.replicas()).containsExactly(3, 2);
    assertThat(h.cluster.scaleCalls().get(1).operationId()).endsWith("-rollback");
    assertThat(h.auditRecords())
        .anySatisfy(
            r -> {
              assertThat(r.get("record_type").asText()).isEqualTo("verification");
              assertThat(r.get("outcome").asText()).isEqualTo("failure");
              assertThat(r.get("summary").get("rationale").asText())
                  .startsWith("2 of 3 replicas ready");
            });
  }

  @Test
  void theBreakerOpensAfterThreeConsecutiveFailuresAndThenExecutesNothing() {
    h.cluster.setNeverReady("todo-app", "todo-frontend", true);
    Blueprint bp =
        BlueprintParser.parse(
            "blueprints/frontend/blueprint.yaml",
            TestBlueprints.yaml("frontend")
                .replace(
                    "scale_down_threshold: 40%",
                    "scale_down_threshold: 40%\n    cooldown: {scale_up: 0s}"));
    ServiceSettings fast =
        new ServiceSettings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            3,
            Duration.ofMinutes(30),
            2000,
            50,
            false);
    ServiceWorkflow wf = h.start(bp, fast);
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(10), () -> wf.status().breaker().state().equals("open")))
        .as(describe(wf))
        .isTrue();
    int calls = h.cluster.scaleCalls().size();
    assertThat(calls).isEqualTo(6); // three attempts, three rollbacks
    h.advance(Duration.ofMinutes(3));
    assertThat(h.cluster.scaleCalls()).hasSize(calls);
    assertThat(wf.decisions(5))
        .anySatisfy(d -> assertThat(d.outcome()).isEqualTo(DecisionOutcome.SKIPPED));
    assertThat(h.auditRecords())
        .anySatisfy(r -> assertThat(r.path("event").asText()).isEqualTo("breaker_opened"));
  }

  @Test
  void pausedServicesAreNotEvaluatedUntilResumed() {
    ServiceWorkflow wf = h.start(TestBlueprints.backend(), settings);
    h.advanceUntil(Duration.ofSeconds(30), () -> wf.status().evaluations() >= 1);
    wf.pause();
    h.advance(Duration.ofSeconds(2));
    long before = wf.status().evaluations();
    assertThat(wf.status().phase()).isEqualTo(ServicePhase.PAUSED);
    assertThat(wf.status().nextEvaluationAt()).as("none scheduled while paused").isNull();
    h.advance(Duration.ofMinutes(3));
    assertThat(wf.status().evaluations()).isEqualTo(before);
    wf.resume();
    h.advance(Duration.ofMinutes(1));
    assertThat(wf.status().evaluations()).isGreaterThan(before);
  }

  /**
   * A pause withdraws a pending approval at once: the approver is not left to approve what the
   * pause skips, and an approval of it after resume is refused and runs nothing.
   */
  @Test
  void aPauseWithdrawsAPendingApproval() {
    ServiceWorkflow wf = h.start(needsApproval(), settings);
    PendingApproval pending = awaitPending(wf);
    wf.pause();
    h.advance(Duration.ofSeconds(2));
    assertThat(wf.status().pendingApproval()).as("withdrawn by the pause").isNull();
    wf.resume();
    wf.approve(new ApprovalSignal(pending.decisionId(), "alice", "go"));
    h.advance(Duration.ofSeconds(10));
    assertThat(h.cluster.scaleCalls()).isEmpty();
    List<JsonNode> records =
        h.auditRecords().stream()
            .filter(r -> pending.decisionId().equals(r.path("decision_id").asText()))
            .toList();
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.path("event").asText()).isEqualTo("obsolete");
              assertThat(r.path("reason").asText())
                  .startsWith("todo-frontend was paused while awaiting approval");
            })
        .anySatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("skipped"))
        .anySatisfy(r -> assertThat(r.path("event").asText()).isEqualTo("refused"))
        .noneSatisfy(r -> assertThat(r.path("event").asText()).isEqualTo("approved"));
    replays();
  }

  /**
   * A pause and resume that land after a decision and before its operation (here while the
   * decision's audit record is written) drop the decision; the next evaluation decides again.
   */
  @Test
  void aPauseResumedBeforeTheOperationStartsStillDropsTheDecision() {
    AtomicBoolean fired = new AtomicBoolean();
    h.audit.onRecord(
        r -> {
          if ("decision".equals(r.path("record_type").asText())
              && fired.compareAndSet(false, true)) {
            ServiceWorkflow stub = h.stub("todo-frontend");
            stub.pause();
            stub.resume();
          }
        });
    ServiceWorkflow wf = h.start(TestBlueprints.frontend(), settings);
    assertThat(h.advanceUntil(Duration.ofSeconds(40), () -> outcomeOf(wf).equals("skipped")))
        .as(describe(wf))
        .isTrue();
    String dropped = wf.status().lastDecision().decisionId();
    assertThat(h.auditRecords())
        .anySatisfy(
            r -> {
              assertThat(r.path("decision_id").asText()).isEqualTo(dropped);
              assertThat(r.path("reason").asText())
                  .isEqualTo("paused after the decision (resumed since); nothing executed");
            });
    assertThat(h.advanceUntil(Duration.ofMinutes(2), () -> outcomeOf(wf).equals("verified")))
        .as("the next evaluation decides again and runs")
        .isTrue();
    assertThat(h.cluster.scaleCalls()).noneMatch(c -> dropped.equals(c.operationId()));
    replays();
  }

  /**
   * A pause that lands while a decision needing approval is made (here during its audit write)
   * drops it before any approver is asked: no approval request, no approval_needed. After resume,
   * the next evaluation asks.
   */
  @Test
  void aPauseWhileTheDecisionIsMadeAsksNoApprover() {
    AtomicBoolean fired = new AtomicBoolean();
    h.audit.onRecord(
        r -> {
          if ("decision".equals(r.path("record_type").asText())
              && fired.compareAndSet(false, true)) {
            h.stub("todo-frontend").pause();
          }
        });
    // a webhook nobody listens on: only whether the notification is scheduled matters
    ServiceWorkflow wf =
        h.start(
            needsApproval("  notifications:\n    webhook_url: http://127.0.0.1:9/hook\n"),
            settings);
    assertThat(h.advanceUntil(Duration.ofSeconds(40), () -> outcomeOf(wf).equals("skipped")))
        .as(describe(wf))
        .isTrue();
    String dropped = wf.status().lastDecision().decisionId();
    assertThat(wf.status().pendingApproval()).isNull();
    List<JsonNode> records =
        h.auditRecords().stream()
            .filter(r -> dropped.equals(r.path("decision_id").asText()))
            .toList();
    assertThat(records)
        .anySatisfy(
            r ->
                assertThat(r.path("reason").asText())
                    .isEqualTo("paused before approval was asked; nothing executed"))
        .noneSatisfy(r -> assertThat(r.path("record_type").asText()).isEqualTo("approval"));
    assertThat(
            h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend")).getEvents().stream()
                .filter(e -> e.hasActivityTaskScheduledEventAttributes())
                .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .as("no approval_needed notification")
        .doesNotContain("Notify");

    wf.resume();
    PendingApproval next = awaitPending(wf);
    assertThat(next.decisionId()).isNotEqualTo(dropped);
    replays();
  }

  /** The run's history so far replays on the current code (the versioned paths included). */
  private void replays() {
    try {
      ServiceWorkflowReplayTest.replay(
          h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend")));
    } catch (Exception e) {
      throw new AssertionError("the history does not replay", e);
    }
  }

  @Test
  void aValidBlueprintUpdateIsAppliedAndAnInvalidOneRefusedWithItsErrors() {
    ServiceWorkflow wf = h.start(TestBlueprints.backend(), settings);
    h.advanceUntil(Duration.ofSeconds(30), () -> wf.status().evaluations() >= 1);
    wf.updateBlueprint(
        new BlueprintUpdate(
            "blueprints/backend/blueprint.yaml",
            TestBlueprints.yaml("backend").replace("max_replicas: 5", "max_replicas: 8")));
    wf.updateBlueprint(
        new BlueprintUpdate(
            "blueprints/backend/blueprint.yaml",
            TestBlueprints.yaml("backend").replace("min_replicas: 2", "min_replicas: 9")));
    h.advance(Duration.ofSeconds(3));
    assertThat(wf.status().targets().maxReplicas()).isEqualTo(8);
    assertThat(wf.status().targets().minReplicas()).isEqualTo(2);
    assertThat(h.auditRecords())
        .anySatisfy(
            r -> {
              assertThat(r.path("event").asText()).isEqualTo("blueprint_refused");
              assertThat(r.get("errors").get(0).asText())
                  .contains("spec.scaling.min_replicas (9) > max_replicas (5)");
            });
  }

  @Test
  void continueAsNewKeepsSequenceDecisionsAndCooldowns() {
    ServiceWorkflow wf = h.start(TestBlueprints.frontend(), settings.withMaxHistoryEvents(80));
    assertThat(h.advanceUntil(Duration.ofMinutes(3), () -> outcomeOf(wf).equals("verified")))
        .isTrue();
    h.advance(Duration.ofMinutes(10));
    WorkflowExecutionHistory history =
        h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend"));
    assertThat(
            history
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId())
        .as("the current run was continued from an earlier one")
        .isNotEmpty();
    assertThat(history.getEvents().size()).isLessThan(200);
    ServiceStatus status = h.stub("todo-frontend").status();
    assertThat(status.evaluations()).isGreaterThan(10);
    assertThat(status.lastOperation().toReplicas()).isEqualTo(3);
    List<DecisionSummary> decisions = h.stub("todo-frontend").decisions(100);
    assertThat(decisions)
        .anySatisfy(d -> assertThat(d.outcome()).isEqualTo(DecisionOutcome.VERIFIED));
    assertThat(decisions.get(0).decisionId()).doesNotEndWith("-001");

    // every record has an id, none twice, and those made in workflow code name their run
    h.advance(Duration.ofSeconds(2));
    List<JsonNode> records = h.auditRecords();
    List<String> ids = records.stream().map(r -> r.path("record_id").asText()).toList();
    assertThat(ids).doesNotContain("").doesNotHaveDuplicates();
    assertThat(ids)
        .allSatisfy(
            id ->
                assertThat(id)
                    .matches(
                        "specops-service-todo-frontend/[0-9a-f-]{36}/\\d+|dec-\\d{8}-\\d{6}-todo-frontend-\\d{3}/(decision|governance)"));
  }

  // ---- helpers ----

  private static Blueprint needsApproval() {
    return needsApproval("");
  }

  private static Blueprint needsApproval(String more) {
    return BlueprintParser.parse(
        "blueprints/frontend/blueprint.yaml",
        TestBlueprints.yaml("frontend")
                .replace(
                    "approvers: [alice, bob]",
                    "approvers: [alice]\n    approval_timeout: 10m\n    require_approval: {scale_up: true}")
            + more);
  }

  private PendingApproval awaitPending(ServiceWorkflow wf) {
    assertThat(h.advanceUntil(Duration.ofSeconds(40), () -> wf.status().pendingApproval() != null))
        .isTrue();
    return wf.status().pendingApproval();
  }

  private static String outcomeOf(ServiceWorkflow wf) {
    ServiceStatus s = wf.status();
    if (s.lastOperation() != null
        && s.lastDecision() != null
        && s.lastOperation().decisionId().equals(s.lastDecision().decisionId())) {
      return s.lastOperation().outcome().wire();
    }
    return s.lastDecision() == null ? "" : s.lastDecision().outcome().wire();
  }

  private static String describe(ServiceWorkflow wf) {
    return Json.writePretty(wf.status());
  }
}
