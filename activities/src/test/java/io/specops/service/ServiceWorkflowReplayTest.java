package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.testing.SpecopsTestEnvironments;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a recorded history (an approval, a scale-up, its verification) against the current
 * workflow code: a change that breaks determinism fails here. The recording is committed under
 * src/test/resources; {@code -Dspecops.recordHistory=true} rewrites it from a fresh run after an
 * intended, versioned change.
 */
public class ServiceWorkflowReplayTest {
  static final Path RECORDED =
      Path.of("src/test/resources/histories/service-approval-scale-up.json");

  @RegisterExtension
  static final TestWorkflowExtension temporal = Harness.extension(ServiceWorkflowImpl.class);

  @TempDir Path auditDir;

  @Test
  void theRecordedHistoryReplaysOnTheCurrentCode() throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(Files.readString(RECORDED));
    assertThat(history.getEvents()).hasSizeGreaterThan(30);
    replay(history);
  }

  /**
   * Recorded before the "pause-asks-no-approver" version (on the code of 202d451): a pause during
   * the decision's audit write, then the approval request, its notification and its withdrawal. The
   * current code must take the same path for it.
   */
  @Test
  void aPauseWhileDecidingRecordedBeforeItsVersionReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-pause-while-deciding-before-version.json");
    assertThat(history.getEvents())
        .anySatisfy(
            e ->
                assertThat(e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
                    .isEqualTo("Notify"));
    replay(history);
  }

  /**
   * Recorded before the "readiness-covers-startup" version (SlowStartTest's run on the old code):
   * pods that take 4 minutes to start, a readiness wait that gave up after 3, the rollback of the
   * scale-up, and the next evaluation's scale-up. The current code must take the same path for it.
   */
  @Test
  void aSlowStartRolledBackBeforeItsVersionReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-slow-start-before-version.json");
    assertThat(scheduled(history, "Scale"))
        .as("the scale-up, its rollback, and the next scale-up")
        .hasSize(3);
    replay(history);
  }

  /**
   * Recorded before the "readiness-counts-surge" version (AnotherWriterTest's run on the old code):
   * a scale-up to 3, `kubectl scale --replicas=6` during its readiness wait, the wait polled until
   * its timeout, and the rollback to 2 over the other writer's 6. The current code must take the
   * same path for it.
   */
  @Test
  void aWaitForReplicasAnotherWriterChangedRecordedBeforeItsVersionReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-another-writer-before-version.json");
    assertThat(scheduled(history, "ReadWorkload"))
        .as("the readiness polls until the timeout")
        .hasSizeGreaterThan(20);
    replay(history);
  }

  /**
   * Recorded before rollback_failed (ServiceCycleBranchesTest's case on the old code): the
   * verification failed, the scaler refused the rollback over another writer's replicas, and the
   * operation ended rolled_back. It replays to the same end.
   */
  @Test
  void aRefusedRollbackRecordedBeforeItsOutcomeReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-rollback-refused-before-version.json");
    assertThat(scheduled(history, "Scale")).as("the scale-up and its refused rollback").hasSize(2);
    assertThat(history.toJson(false)).doesNotContain("rollback-failed-outcome");
    replay(history);
  }

  /**
   * Recorded before "unanswered-scale" (ServiceCycleBranchesTest's case on the old code): every
   * attempt of the scale call went unanswered (KubernetesApiUnreachable) and the operation ended
   * failed without reading the workload. It replays to the same end, with no LastWrite read.
   */
  @Test
  void anUnansweredScaleRecordedBeforeItsVersionReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-unanswered-scale-before-version.json");
    assertThat(scheduled(history, "Scale")).as("the scale call").hasSize(1);
    assertThat(history.toJson(false)).contains("KubernetesApiUnreachable");
    assertThat(versions(history)).isNotEmpty().doesNotContain("unanswered-scale");
    assertThat(scheduled(history, "LastWrite")).isEmpty();
    replay(history);
  }

  /**
   * Recorded before "unanswered-rollback" (ServiceCycleBranchesTest's case on the old code): a
   * scale-up failed its verification and every attempt of its rollback went unanswered; the
   * operation ended rollback_failed without reading the workload. It replays to the same end.
   */
  @Test
  void anUnansweredRollbackRecordedBeforeItsVersionReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-unanswered-rollback-before-version.json");
    assertThat(scheduled(history, "Scale")).as("the scale call and its rollback").hasSize(2);
    assertThat(history.toJson(false)).contains("KubernetesApiUnreachable");
    assertThat(versions(history))
        .contains("rollback-failed-outcome")
        .doesNotContain("unanswered-rollback");
    assertThat(scheduled(history, "LastWrite")).isEmpty();
    replay(history);
  }

  /**
   * A frontend scaled to zero, brought back to 2 by a manual request whose verification failed:
   * recorded before the version, it tried the rollback to 0, which the scaler refused (outside the
   * bounds), and ended rollback_failed. It replays to the same end.
   */
  @Test
  void aRollbackOutsideTheBoundsRecordedBeforeItsVersionReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-resume-from-zero-before-version.json");
    assertThat(scheduled(history, "Scale")).as("the resume and its refused rollback").hasSize(2);
    assertThat(history.toJson(false)).doesNotContain("no-rollback-outside-bounds");
    replay(history);
  }

  /**
   * The same resume, recorded on version 1 of "no-rollback-outside-bounds" (on the code of f8399f6,
   * with a webhook): the change was kept and nothing was notified. Version 2 notifies it as
   * operation_failed; this history must replay without that notification.
   */
  @Test
  void aChangeKeptOutsideTheBoundsRecordedBeforeItsNotificationReplays() throws Exception {
    WorkflowExecutionHistory history = recorded("service-kept-outside-bounds-unnotified.json");
    assertThat(ScaledToZeroTest.notifications(history))
        .as("only the partial outcome's evidence report")
        .singleElement()
        .asString()
        .contains("\"event\":\"evidence\"");
    replay(history);
  }

  @Test
  void aFreshRunReplaysToo(TestWorkflowEnvironment env, Worker worker) throws Exception {
    try (Harness h = new Harness(env, worker, "seed-001", auditDir)) {
      ServiceWorkflow wf =
          h.start(
              BlueprintParser.parse(
                  "blueprints/frontend/blueprint.yaml",
                  TestBlueprints.yaml("frontend")
                      .replace(
                          "approvers: [alice, bob]",
                          "approvers: [alice]\n    require_approval: {scale_up: true}")),
              ServiceSettings.defaults());
      h.advanceUntil(Duration.ofSeconds(40), () -> wf.status().pendingApproval() != null);
      wf.approve(new ApprovalSignal(wf.status().pendingApproval().decisionId(), "alice", "replay"));
      assertThat(
              h.advanceUntil(
                  Duration.ofMinutes(3),
                  () ->
                      wf.status().lastOperation() != null
                          && wf.status().lastOperation().outcome() == OperationResult.VERIFIED))
          .isTrue();
      h.advance(Duration.ofSeconds(40));
      WorkflowExecutionHistory history =
          h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend"));
      replay(history);
      if (Boolean.getBoolean("specops.recordHistory")) {
        Files.createDirectories(RECORDED.getParent());
        Files.writeString(RECORDED, history.toJson(true));
      }
    }
  }

  /** The activities of {@code type} the history scheduled. */
  private static List<HistoryEvent> scheduled(WorkflowExecutionHistory history, String type) {
    return history.getEvents().stream()
        .filter(
            e ->
                e.hasActivityTaskScheduledEventAttributes()
                    && e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals(type))
        .toList();
  }

  /** The change ids of the history's version markers (their payloads are base64 in the JSON). */
  private static List<String> versions(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.hasMarkerRecordedEventAttributes())
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId"))
        .filter(id -> id != null && id.getPayloadsCount() == 1)
        .map(id -> id.getPayloads(0).getData().toStringUtf8().replace("\"", ""))
        .toList();
  }

  /** A history committed under src/test/resources/histories. */
  public static WorkflowExecutionHistory recorded(String file) throws java.io.IOException {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(Path.of("src/test/resources/histories").resolve(file)));
  }

  /** Replays with the production data converter (snake_case payloads). */
  static void replay(WorkflowExecutionHistory history) throws Exception {
    SpecopsTestEnvironments.replay(history, ServiceWorkflowImpl.class);
  }
}
