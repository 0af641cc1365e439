package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.specops.audit.AuditActivities;
import io.specops.audit.AuditEntry;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.evidence.EvidenceActivities;
import io.specops.evidence.EvidenceReport;
import io.specops.evidence.EvidenceRequest;
import io.specops.governance.Classification;
import io.specops.governance.Verdict;
import io.specops.json.Json;
import io.specops.kubernetes.LastWrite;
import io.specops.kubernetes.ScaleOutcome;
import io.specops.kubernetes.ScaleRequest;
import io.specops.kubernetes.ScaleResult;
import io.specops.kubernetes.ScalingActivities;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.notification.NotificationActivities;
import io.specops.prediction.Health;
import io.specops.testing.SpecopsTestEnvironments;
import io.specops.verification.VerificationActivities;
import io.specops.verification.VerificationOutcome;
import io.specops.verification.VerificationReport;
import io.specops.verification.VerificationRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Each branch of a service cycle in isolation, in temporalio/samples-java's style: the workflow
 * runs on the time-skipping test server, every activity is a Mockito mock, and the evaluation
 * returns whatever decision and verdict the branch needs. No simulated cluster, no decision engine:
 * what is checked is the workflow's own logic (which outcome it records, whether it scales). The
 * end-to-end versions of these paths are in the activities module.
 */
class ServiceCycleBranchesTest {
  private static final String QUEUE = "branches";
  private static final Blueprint FRONTEND = TestBlueprints.frontend();

  private TestWorkflowEnvironment env;
  private final EvaluationActivities evaluation =
      mock(EvaluationActivities.class, withSettings().withoutAnnotations());
  private final AuditActivities audit =
      mock(AuditActivities.class, withSettings().withoutAnnotations());
  private final ScalingActivities scaling =
      mock(ScalingActivities.class, withSettings().withoutAnnotations());
  private final VerificationActivities verification =
      mock(VerificationActivities.class, withSettings().withoutAnnotations());
  private final NotificationActivities notification =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());
  private final EvidenceActivities evidence =
      mock(EvidenceActivities.class, withSettings().withoutAnnotations());
  private final List<AuditEntry> records = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() {
    env = SpecopsTestEnvironments.timeSkipping();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        evaluation, audit, scaling, verification, notification, evidence);
    org.mockito.Mockito.doAnswer(inv -> records.addAll(inv.getArgument(0)))
        .when(audit)
        .record(any());
    when(evidence.collect(any()))
        .thenAnswer(
            inv -> {
              EvidenceRequest r = inv.getArgument(0);
              return new EvidenceReport(
                  r.reportId(),
                  r.service(),
                  r.trigger(),
                  r.decisionId(),
                  Instant.EPOCH,
                  "15m",
                  List.of(),
                  List.of(),
                  List.of(),
                  0,
                  List.of(),
                  List.of(),
                  List.of(),
                  r.service() + ": no rule matched",
                  List.of(),
                  "");
            });
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aDeniedDecisionEndsDeniedAndScalesNothing() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.DENIED) : idle(r));
    start(ServiceSettings.defaults());
    env.sleep(Duration.ofSeconds(5));
    assertThat(outcomes()).containsExactly("denied");
    verify(scaling, never()).scale(any());
  }

  @Test
  void anApprovalNobodyGivesExpiresAndScalesNothing() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.REQUIRES_APPROVAL) : idle(r));
    ServiceWorkflow wf = start(ServiceSettings.defaults());
    env.sleep(Duration.ofSeconds(5));
    assertThat(wf.status().pendingApproval().decisionId()).isEqualTo("dec-1");
    env.sleep(FRONTEND.spec().governance().approvalTimeout().plusSeconds(5));
    assertThat(outcomes()).containsExactly("expired");
    assertThat(wf.status().pendingApproval()).isNull();
    verify(scaling, never()).scale(any());
  }

  @Test
  void aRejectionEndsTheDecisionAndAnUnlistedApproverChangesNothing() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.REQUIRES_APPROVAL) : idle(r));
    ServiceWorkflow wf = start(ServiceSettings.defaults());
    env.sleep(Duration.ofSeconds(5));
    wf.approve(new ApprovalSignal("dec-1", "mallory", "let me"));
    env.sleep(Duration.ofSeconds(2));
    assertThat(wf.status().pendingApproval()).as("mallory is not an approver").isNotNull();
    wf.reject(new ApprovalSignal("dec-1", "bob", "not now"));
    env.sleep(Duration.ofSeconds(2));
    assertThat(outcomes()).containsExactly("rejected");
    verify(scaling, never()).scale(any());
  }

  @Test
  void anApprovedDecisionThatFreshMetricsNoLongerCallForIsObsolete() {
    // the approval's re-check is the evaluation after it: by then the load has gone
    script(
        r ->
            r.reason().equals("after_approval")
                ? idle(r)
                : r.sequence() == 1 ? scaleUp(r, Classification.REQUIRES_APPROVAL) : idle(r));
    ServiceWorkflow wf = start(ServiceSettings.defaults());
    env.sleep(Duration.ofSeconds(5));
    wf.approve(new ApprovalSignal("dec-1", "alice", "ok"));
    env.sleep(Duration.ofSeconds(5));
    assertThat(outcomes()).containsExactly("obsolete");
    verify(scaling, never()).scale(any());
  }

  @Test
  void aDryRunPlansTheOperationWithoutChangingTheCluster() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.ALLOWED) : idle(r));
    when(scaling.scale(any()))
        .thenAnswer(
            inv -> {
              ScaleRequest s = inv.getArgument(0);
              return new ScaleResult(
                  s.operationId(),
                  ScaleOutcome.PLANNED,
                  2,
                  s.targetReplicas(),
                  null,
                  Instant.EPOCH,
                  Instant.EPOCH,
                  "dry run");
            });
    start(ServiceSettings.defaults().withDryRun(true));
    env.sleep(Duration.ofSeconds(5));
    assertThat(outcomes()).containsExactly("planned");
    ArgumentCaptor<ScaleRequest> sent = ArgumentCaptor.forClass(ScaleRequest.class);
    verify(scaling).scale(sent.capture());
    assertThat(sent.getValue().dryRun()).isTrue();
    verify(verification, never()).verify(any());
  }

  /**
   * Mid-rollout the Deployment counts the old pods and its surge's new ones: 4 ready for a target
   * of 3. They serve; the wait ends at the first read instead of polling until the 3-minute timeout
   * for exactly 3.
   */
  @Test
  void aRolloutsSurgePodsEndTheReadinessWait() {
    // the first read, then the 30 s settle
    scaleUpOnce(new WorkloadState(3, 4, 1, "7", Instant.EPOCH), true);
    assertThat(outcomes()).containsExactly("verified");
    verify(scaling, org.mockito.Mockito.times(1)).readWorkload(any());
  }

  /**
   * A rollback is written only over the operation's own replicas: were they changed by another
   * writer after the verification, the scaler refuses it instead of undoing that change.
   */
  @Test
  void aRollbackIsWrittenOnlyOverTheOperationsOwnReplicas() {
    scaleUpOnce(new WorkloadState(3, 3, 3, "7", Instant.EPOCH), false);
    assertThat(outcomes()).containsExactly("rolled_back");
    ArgumentCaptor<ScaleRequest> sent = ArgumentCaptor.forClass(ScaleRequest.class);
    verify(scaling, org.mockito.Mockito.times(2)).scale(sent.capture());
    ScaleRequest rollback = sent.getAllValues().get(1);
    assertThat(rollback.operationId()).isEqualTo("dec-1-rollback");
    assertThat(rollback.targetReplicas()).isEqualTo(2);
    assertThat(rollback.expectedReplicas()).as("the operation's own target").isEqualTo(3);
    assertThat(sent.getAllValues().get(0).expectedReplicas()).as("the operation itself").isNull();
  }

  /**
   * Another writer changed the replicas between the verification and the rollback: the scaler
   * refuses the rollback, and the operation says so (rollback_failed), not rolled_back, since the
   * replicas were not put back. Evidence is still collected as for a rollback.
   */
  @Test
  void aRollbackTheScalerRefusesEndsRollbackFailed() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.ALLOWED) : idle(r));
    when(scaling.scale(any()))
        .thenAnswer(
            inv -> {
              ScaleRequest s = inv.getArgument(0);
              if (s.operationId().endsWith("-rollback")) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "deployment.apps/todo-frontend has 6 replicas where 3 were expected: another"
                        + " writer changed them since; not setting 2 (dec-1-rollback), which would"
                        + " undo that change",
                    "ChangedByAnotherWriter");
              }
              return scaled(s);
            });
    when(scaling.readWorkload(any())).thenReturn(new WorkloadState(3, 3, 3, "7", Instant.EPOCH));
    when(verification.verify(any())).thenAnswer(inv -> report(inv.getArgument(0), false));
    ServiceWorkflow wf = start(ServiceSettings.defaults());
    env.sleep(Duration.ofSeconds(45));
    assertThat(outcomes()).containsExactly("rollback_failed");
    assertThat(wf.status().lastOperation().outcome().wire()).isEqualTo("rollback_failed");
    assertThat(evidenceTriggers()).containsExactly("rollback_failed");
  }

  /**
   * A rollback whose every attempt went unanswered although its write landed: the workload read
   * afterwards carries the rollback's id, so the operation ends rolled_back, as the replicas say,
   * not rollback_failed with the replicas put back behind the record.
   */
  @Test
  void aRollbackWhoseAnswersWereLostButThatLandedEndsRolledBack() {
    List<String> written = unansweredRollback();
    when(scaling.lastWrite(any())).thenAnswer(inv -> new LastWrite(written.getLast(), 3, 2, "9"));
    ServiceWorkflow wf = start(ServiceSettings.defaults());
    env.sleep(Duration.ofMinutes(3));
    assertThat(written)
        .as("the operation, then every attempt of its rollback")
        .hasSizeGreaterThan(2)
        .startsWith("dec-1")
        .containsOnly("dec-1", "dec-1-rollback");
    assertThat(outcomes()).containsExactly("rolled_back");
    assertThat(wf.status().lastOperation().outcome().wire()).isEqualTo("rolled_back");
    assertThat(evidenceTriggers()).containsExactly("rolled_back");
    assertThat(records)
        .filteredOn(e -> e.recordType().equals("execution"))
        .last()
        .satisfies(
            e ->
                assertThat(Json.mapper().writeValueAsString(e.body()))
                    .contains("rollback_scale_down")
                    .contains("already_scaled")
                    .contains("its answer was lost"));
  }

  /**
   * The same unanswered rollback, but the workload carries no trace of it: rollback_failed, as
   * before; the read that says so is one activity.
   */
  @Test
  void aRollbackWhoseAnswersWereLostAndThatDidNotLandEndsRollbackFailed() {
    unansweredRollback();
    when(scaling.lastWrite(any())).thenReturn(new LastWrite("dec-1", 2, 3, "8"));
    start(ServiceSettings.defaults());
    env.sleep(Duration.ofMinutes(3));
    assertThat(outcomes()).containsExactly("rollback_failed");
    verify(scaling, org.mockito.Mockito.times(1)).lastWrite(any());
  }

  /**
   * An allowed scale-up 2 -> 3 that goes through and fails its verification; every attempt of its
   * rollback goes unanswered. Returns the operation ids written, in order.
   */
  private List<String> unansweredRollback() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.ALLOWED) : idle(r));
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    when(scaling.scale(any()))
        .thenAnswer(
            inv -> {
              ScaleRequest s = inv.getArgument(0);
              written.add(s.operationId());
              if (s.operationId().endsWith("-rollback")) {
                throw ApplicationFailure.newFailure(
                    "Kubernetes API unreachable for todo-app/Deployment/todo-frontend: timeout",
                    "KubernetesApiUnreachable");
              }
              return scaled(s);
            });
    when(scaling.readWorkload(any())).thenReturn(new WorkloadState(3, 3, 3, "8", Instant.EPOCH));
    when(verification.verify(any())).thenAnswer(inv -> report(inv.getArgument(0), false));
    return written;
  }

  /**
   * One allowed scale-up 2 -> 3 on the timer loop: every read of the workload gives {@code
   * reading}, the verification passes or fails; 45 s of workflow time.
   */
  private void scaleUpOnce(WorkloadState reading, boolean verified) {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.ALLOWED) : idle(r));
    when(scaling.scale(any())).thenAnswer(inv -> scaled(inv.getArgument(0)));
    when(scaling.readWorkload(any())).thenReturn(reading);
    when(verification.verify(any())).thenAnswer(inv -> report(inv.getArgument(0), verified));
    start(ServiceSettings.defaults());
    env.sleep(Duration.ofSeconds(45));
  }

  private static ScaleResult scaled(ScaleRequest s) {
    return new ScaleResult(
        s.operationId(),
        ScaleOutcome.SCALED,
        s.operationId().endsWith("-rollback") ? 3 : 2,
        s.targetReplicas(),
        "7",
        Instant.EPOCH,
        Instant.EPOCH,
        "scaled");
  }

  private static VerificationReport report(VerificationRequest r, boolean passed) {
    VerificationOutcome outcome =
        passed ? VerificationOutcome.SUCCESS : VerificationOutcome.FAILURE;
    return new VerificationReport(
        r.verificationId(),
        r.blueprint().name(),
        r.decision().decisionId(),
        outcome,
        List.of(),
        new VerificationReport.Summary(outcome.wire(), "scripted"),
        null);
  }

  /**
   * A scale call whose every attempt went unanswered (a partition that lets the requests through
   * and loses the answers) although its write landed: the workload read afterwards carries the
   * operation's id, so the operation goes on to its verification as executed, instead of ending
   * failed with the replicas changed behind the record and its breaker counting a failure.
   */
  @Test
  void aScaleWhoseAnswersWereLostButThatLandedIsVerifiedNotFailed() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.ALLOWED) : idle(r));
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    when(scaling.scale(any()))
        .thenAnswer(
            inv -> {
              written.add(inv.<ScaleRequest>getArgument(0).operationId());
              throw ApplicationFailure.newFailure(
                  "Kubernetes API unreachable for todo-app/Deployment/todo-frontend: timeout",
                  "KubernetesApiUnreachable");
            });
    when(scaling.lastWrite(any())).thenAnswer(inv -> new LastWrite(written.getFirst(), 2, 3, "8"));
    when(scaling.readWorkload(any())).thenReturn(new WorkloadState(3, 3, 3, "8", Instant.EPOCH));
    when(verification.verify(any())).thenAnswer(inv -> report(inv.getArgument(0), true));
    ServiceWorkflow wf = start(ServiceSettings.defaults());
    env.sleep(Duration.ofMinutes(3));
    assertThat(written)
        .as("every attempt of the one operation")
        .hasSizeGreaterThan(1)
        .containsOnly("dec-1");
    assertThat(outcomes()).containsExactly("verified");
    assertThat(wf.status().breaker().consecutiveFailures()).isZero();
    assertThat(records)
        .filteredOn(e -> e.recordType().equals("execution"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(Json.mapper().writeValueAsString(e.body()))
                    .contains("already_scaled")
                    .contains("its answer was lost"));
  }

  /**
   * The same unanswered scale call, but the workload carries no trace of it: the operation failed
   * and changed nothing, as before; the read that says so is one activity.
   */
  @Test
  void aScaleWhoseAnswersWereLostAndThatDidNotLandFails() {
    script(r -> r.sequence() == 1 ? scaleUp(r, Classification.ALLOWED) : idle(r));
    when(scaling.scale(any()))
        .thenThrow(
            ApplicationFailure.newFailure(
                "Kubernetes API unreachable for todo-app/Deployment/todo-frontend: timeout",
                "KubernetesApiUnreachable"));
    when(scaling.lastWrite(any())).thenReturn(new LastWrite("dec-0", 1, 2, "7"));
    start(ServiceSettings.defaults());
    env.sleep(Duration.ofMinutes(3));
    assertThat(outcomes()).startsWith("failed");
    verify(scaling, org.mockito.Mockito.times(1)).lastWrite(any());
    verify(verification, never()).verify(any());
  }

  @Test
  void theBreakerOpensAfterThreeFailedOperationsAndTheNextDecisionIsSkipped() {
    script(r -> scaleUp(r, Classification.ALLOWED));
    when(scaling.scale(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "deployments.apps is forbidden", "Forbidden"));
    ServiceWorkflow wf = start(ServiceSettings.defaults());
    // one decision per interval (30 s): three fail, the breaker opens, the fourth is skipped
    env.sleep(FRONTEND.spec().evaluation().interval().multipliedBy(3).plusSeconds(10));
    assertThat(outcomes()).startsWith("failed", "failed", "failed", "skipped");
    // each failure and the breaker opening get a report of their own
    assertThat(records)
        .filteredOn(e -> e.recordType().equals("evidence"))
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(wf.status().breaker().state()).isEqualTo("open");
    verify(scaling, org.mockito.Mockito.times(3)).scale(any());
  }

  @Test
  void healthTurningUnhealthyCollectsEvidenceOnceOnTheTransition() {
    script(r -> withHealth(idle(r), r.sequence() <= 2 ? "healthy" : "unhealthy"));
    start(ServiceSettings.defaults());
    // six evaluations at 30 s: two healthy, then unhealthy four times in a row
    env.sleep(FRONTEND.spec().evaluation().interval().multipliedBy(5).plusSeconds(10));
    assertThat(evidenceTriggers()).containsExactly("unhealthy");
    verify(scaling, never()).scale(any());
  }

  @Test
  void aBlueprintScheduleCollectsEvidenceEveryInterval() {
    script(this::idleHealthy);
    Blueprint scheduled =
        BlueprintParser.parse(
            "blueprints/frontend/blueprint.yaml",
            TestBlueprints.yaml("frontend") + "  evidence:\n    interval: 2m\n");
    start(scheduled, ServiceSettings.defaults());
    env.sleep(Duration.ofMinutes(5).plusSeconds(10));
    assertThat(evidenceTriggers()).containsExactly("schedule", "schedule");
  }

  private Evaluation idleHealthy(Asked r) {
    return withHealth(idle(r), "healthy");
  }

  private static Evaluation withHealth(Evaluation e, String status) {
    int score = status.equals("healthy") ? 95 : 30;
    return new Evaluation(
        e.snapshot(),
        e.decision(),
        e.verdict(),
        new Health(score, status, score, score, score, score));
  }

  /** The triggers of the evidence records, in order. */
  private List<String> evidenceTriggers() {
    synchronized (records) {
      return records.stream()
          .filter(e -> e.recordType().equals("evidence"))
          .map(
              e ->
                  String.valueOf(
                      ((Map<?, ?>) Json.mapper().convertValue(e.body(), Map.class)).get("trigger")))
          .toList();
    }
  }

  private ServiceWorkflow start(ServiceSettings settings) {
    return start(FRONTEND, settings);
  }

  private ServiceWorkflow start(Blueprint blueprint, ServiceSettings settings) {
    ServiceWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                ServiceWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(ServiceWorkflow.workflowId(FRONTEND.name()))
                    .setTaskQueue(QUEUE)
                    .build());
    WorkflowClient.start(wf::run, new ServiceInput(blueprint, null, settings, null));
    return wf;
  }

  /** What the evaluation returns, by request; the n-th evaluation decides dec-n. */
  private void script(Function<Asked, Evaluation> answer) {
    AtomicLong calls = new AtomicLong();
    when(evaluation.evaluate(any()))
        .thenAnswer(
            inv -> {
              EvaluationRequest r = inv.getArgument(0);
              return answer.apply(
                  new Asked(calls.incrementAndGet(), r.reason(), r.context().now()));
            });
  }

  private record Asked(long sequence, String reason, Instant now) {}

  private static Evaluation scaleUp(Asked r, Classification classification) {
    MetricsSnapshot snapshot = snapshot(r.now(), 0.9);
    Decision d =
        Decision.scaling(
            "dec-" + r.sequence(),
            FRONTEND.name(),
            Action.SCALE_UP,
            2,
            3,
            Decision.Basis.of("cpu 90% exceeds scale_up_threshold", "cpu"),
            r.now(),
            snapshot);
    return new Evaluation(snapshot, d, verdict(d, classification), null);
  }

  private static Evaluation idle(Asked r) {
    MetricsSnapshot snapshot = snapshot(r.now(), 0.5);
    Decision d =
        Decision.noAction(
            "dec-" + r.sequence(),
            FRONTEND.name(),
            2,
            Decision.Basis.of("within range", "none"),
            r.now(),
            snapshot);
    return new Evaluation(snapshot, d, verdict(d, Classification.NOT_APPLICABLE), null);
  }

  private static Verdict verdict(Decision d, Classification c) {
    return new Verdict(
        "gov-" + d.decisionId(),
        d.service(),
        d.decisionId(),
        c,
        c == Classification.REQUIRES_APPROVAL,
        "scripted: " + c.wire(),
        List.of(),
        List.of("alice", "bob"));
  }

  private static MetricsSnapshot snapshot(Instant at, double cpu) {
    return new MetricsSnapshot(
        FRONTEND.name(), 2, 2, 2, new Metrics(cpu, 0.5, 80.0, 120.0, 100.0, 0.001), at, "scripted");
  }

  /** The outcome records, in order. */
  private List<String> outcomes() {
    synchronized (records) {
      return records.stream()
          .filter(e -> e.recordType().equals("outcome"))
          .map(
              e ->
                  String.valueOf(
                      ((Map<?, ?>) Json.mapper().convertValue(e.body(), Map.class)).get("outcome")))
          .toList();
    }
  }
}
