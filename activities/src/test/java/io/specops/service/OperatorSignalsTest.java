package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.FleetWorkflowImpl;
import io.specops.json.Json;
import io.specops.notification.SmtpSettings;
import io.specops.notification.WebhookReceiver;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators do from outside: plain JSON inputs and signals as the temporal CLI sends them,
 * webhook notifications, dry run, manual scale requests.
 */
class OperatorSignalsTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Harness.extension(ServiceWorkflowImpl.class, FleetWorkflowImpl.class);

  /** A real SMTP server (GreenMail's, in-process) for blueprints' email notifications. */
  @RegisterExtension
  static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path auditDir;
  @TempDir Path blueprints;
  private Harness h;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker) {
    h =
        new Harness(
            env,
            worker,
            "seed-001",
            auditDir,
            new SmtpSettings(
                "127.0.0.1",
                mail.getSmtp().getPort(),
                "specops@example.com",
                "",
                "",
                false,
                false,
                SmtpSettings.TIMEOUT));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * The README's `temporal workflow start --input '{...}'` and `temporal workflow signal --input
   * '{...}'`, byte for byte.
   */
  @Test
  void plainJsonStartAndApprovalSignalsWorkAsTheTemporalCliSendsThem() throws Exception {
    Files.writeString(
        blueprints.resolve("frontend.yaml"),
        TestBlueprints.yaml("frontend")
            .replace(
                "approvers: [alice, bob]",
                "approvers: [alice]\n    require_approval: {scale_up: true}"));
    String startInput = "{\"fleet\": \"default\", \"blueprints_dir\": \"" + blueprints + "\"}";
    WorkflowStub fleet =
        h.client.newUntypedWorkflowStub(
            "FleetWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(FleetWorkflow.workflowId("default"))
                .setTaskQueue(h.taskQueue)
                .build());
    fleet.start(Json.mapper().readTree(startInput));
    assertThat(h.advanceUntil(Duration.ofSeconds(40), () -> pending("todo-frontend") != null))
        .isTrue();

    WorkflowStub service =
        h.client.newUntypedWorkflowStub(ServiceWorkflow.workflowId("todo-frontend"));
    String decisionId = pending("todo-frontend").decisionId();
    service.signal(
        "approve",
        Json.mapper()
            .readTree(
                "{\"decision_id\": \""
                    + decisionId
                    + "\", \"approver\": \"alice\", \"comment\": \"via temporal CLI\"}"));
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(3),
                () -> {
                  ServiceStatus s = h.stub("todo-frontend").status();
                  return s.lastOperation() != null
                      && s.lastOperation().outcome() == OperationResult.VERIFIED;
                }))
        .isTrue();

    JsonNode status = Json.mapper().valueToTree(service.query("status", JsonNode.class));
    assertThat(status.get("service").asText()).isEqualTo("todo-frontend");
    assertThat(status.at("/last_operation/outcome").asText()).isEqualTo("verified");
  }

  /**
   * A signal can be handled before the workflow method runs (signal-with-start, or a signal
   * buffered across continue-as-new); it must find the service's state already set up.
   */
  @Test
  void aSignalSentWithStartFindsTheServiceInitialized() {
    ServiceWorkflow wf =
        h.client.newWorkflowStub(
            ServiceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ServiceWorkflow.workflowId("todo-frontend"))
                .setTaskQueue(h.taskQueue)
                .build());
    BatchRequest request = h.client.newSignalWithStartRequest();
    request.add(
        wf::run,
        new ServiceInput(TestBlueprints.frontend(), null, ServiceSettings.defaults(), null));
    request.add(wf::pause);
    h.client.signalWithStart(request);
    h.advance(Duration.ofMinutes(2));

    assertThat(wf.status().paused()).isTrue();
    assertThat(wf.status().evaluations()).as("nothing evaluated while paused").isZero();
    assertThat(h.auditRecords()).anyMatch(r -> "paused".equals(r.path("event").asText()));
    assertThat(h.client.fetchHistory(ServiceWorkflow.workflowId("todo-frontend")).getEvents())
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  }

  @Test
  void malformedSignalPayloadsChangeNothing() throws Exception {
    ServiceWorkflow wf = h.start(needsApproval(null), ServiceSettings.defaults());
    h.advanceUntil(Duration.ofSeconds(40), () -> wf.status().pendingApproval() != null);
    WorkflowStub service =
        h.client.newUntypedWorkflowStub(ServiceWorkflow.workflowId("todo-frontend"));
    service.signal("approve", Json.mapper().readTree("{\"approver\": \"alice\"}"));
    service.signal("approve", Json.mapper().readTree("[1, 2, 3]"));
    service.signal("approve", "not even an object");
    service.signal("update_blueprint", Json.mapper().readTree("{\"yaml\": 42}"));
    h.advance(Duration.ofSeconds(5));
    ServiceStatus status = wf.status();
    assertThat(status.pendingApproval()).isNotNull();
    assertThat(status.targets().maxReplicas()).isEqualTo(5);
    assertThat(h.cluster.scaleCalls()).isEmpty();
    // and the workflow still works: a well-formed approval goes through
    wf.approve(new ApprovalSignal(status.pendingApproval().decisionId(), "alice", null));
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(3),
                () ->
                    wf.status().lastOperation() != null
                        && wf.status().lastOperation().outcome() == OperationResult.VERIFIED))
        .isTrue();
    assertThat(h.auditRecords())
        .anySatisfy(
            r ->
                assertThat(r.path("reason").asText())
                    .contains("malformed signal: decision_id and approver are required"));
  }

  @Test
  void theWebhookAndTheEmailListHearApprovalRequestsAndFailures() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      ServiceWorkflow wf =
          h.start(
              BlueprintParser.parse(
                  "blueprints/frontend/blueprint.yaml",
                  needsApprovalYaml(receiver.url())
                      + "    email: [web-team@company.com, oncall@company.com]\n"),
              ServiceSettings.defaults());
      h.advanceUntil(Duration.ofSeconds(40), () -> wf.status().pendingApproval() != null);
      h.advanceUntil(Duration.ofSeconds(20), () -> !receiver.bodies().isEmpty());
      JsonNode first = Json.mapper().readTree(receiver.bodies().get(0));
      assertThat(first.get("event").asText()).isEqualTo("approval_needed");
      assertThat(first.get("text").asText())
          .contains("todo-frontend: scale_up 2 -> 3 needs approval");

      h.cluster.setNeverReady("todo-app", "todo-frontend", true);
      wf.approve(new ApprovalSignal(wf.status().pendingApproval().decisionId(), "alice", null));
      h.advanceUntil(
          Duration.ofMinutes(6),
          () -> receiver.bodies().stream().anyMatch(b -> b.contains("\"rolled_back\"")));
      assertThat(receiver.bodies())
          .anySatisfy(b -> assertThat(b).contains("\"event\":\"rolled_back\""));
      assertThat(receiver.bodies())
          .anySatisfy(b -> assertThat(b).contains("\"event\":\"operation_failed\""));
      assertThat(h.auditRecords())
          .allSatisfy(r -> assertThat(r.toString()).doesNotContain(receiver.url()));

      // every event the webhook heard, by email too, once in each listed mailbox
      h.advanceUntil(
          Duration.ofSeconds(30),
          () -> mail.getReceivedMessages().length >= 2 * receiver.bodies().size());
      assertThat(mail.getReceivedMessages()).hasSize(2 * receiver.bodies().size());
      List<String> subjects = new ArrayList<>();
      for (MimeMessage m : mail.getReceivedMessages()) {
        subjects.add(m.getSubject());
      }
      assertThat(subjects)
          .contains(
              "[specops] todo-frontend: approval_needed",
              "[specops] todo-frontend: operation_failed",
              "[specops] todo-frontend: rolled_back");
      assertThat(GreenMailUtil.getBody(mail.getReceivedMessages()[0]))
          .contains("todo-frontend: scale_up 2 -> 3 needs approval");
    }
  }

  @Test
  void withoutAnEmailListNoMailIsSent() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      ServiceWorkflow wf = h.start(needsApproval(receiver.url()), ServiceSettings.defaults());
      h.advanceUntil(Duration.ofSeconds(60), () -> !receiver.bodies().isEmpty());
      assertThat(wf.status().pendingApproval()).isNotNull();
      h.advance(Duration.ofSeconds(10));
      assertThat(mail.getReceivedMessages()).isEmpty();
    }
  }

  @Test
  void dryRunRecordsThePlannedScaleAndChangesNothing() {
    ServiceWorkflow wf =
        h.start(TestBlueprints.frontend(), ServiceSettings.defaults().withDryRun(true));
    assertThat(h.advanceUntil(Duration.ofSeconds(30), () -> wf.status().lastOperation() != null))
        .isTrue();
    assertThat(wf.status().lastOperation().outcome()).isEqualTo(OperationResult.PLANNED);
    assertThat(wf.status().dryRun()).isTrue();
    assertThat(h.cluster.scaleCalls()).isEmpty();
    h.advance(Duration.ofSeconds(2));
    assertThat(h.auditRecords())
        .anySatisfy(
            r -> {
              assertThat(r.get("record_type").asText()).isEqualTo("execution");
              assertThat(r.get("outcome").asText()).isEqualTo("planned");
              assertThat(r.at("/execution/stdout").asText())
                  .contains(
                      "dry run: would run kubectl scale deployment.apps todo-frontend --replicas=3");
            });
  }

  @Test
  void aBlueprintsOwnDryRunAppliesToo() {
    Blueprint bp =
        BlueprintParser.parse(
            "f.yaml",
            TestBlueprints.yaml("frontend")
                .replace("approvers: [alice, bob]", "approvers: [alice, bob]\n    dry_run: true"));
    ServiceWorkflow wf = h.start(bp, ServiceSettings.defaults());
    assertThat(h.advanceUntil(Duration.ofSeconds(30), () -> wf.status().lastOperation() != null))
        .isTrue();
    assertThat(wf.status().lastOperation().outcome()).isEqualTo(OperationResult.PLANNED);
    assertThat(h.cluster.scaleCalls()).isEmpty();
  }

  @Test
  void aManualScaleRequestGoesThroughGovernance() {
    ServiceWorkflow wf = h.start(TestBlueprints.backend(), ServiceSettings.defaults());
    h.advanceUntil(Duration.ofSeconds(30), () -> wf.status().evaluations() >= 1);
    wf.scale(new ScaleCommand(9, "alice", "load test"));
    h.advanceUntil(
        Duration.ofSeconds(10), () -> "manual".equals(wf.status().lastDecision().trigger()));
    assertThat(wf.status().lastDecision().classification().wire()).isEqualTo("denied");
    wf.scale(new ScaleCommand(2, "alice", "save money"));
    h.advanceUntil(Duration.ofSeconds(10), () -> wf.status().pendingApproval() != null);
    // todo-backend is critical: its scale-downs wait for carol or dave
    assertThat(wf.status().pendingApproval().approvers()).containsExactly("carol", "dave");
    assertThat(h.cluster.scaleCalls()).isEmpty();
  }

  private PendingApproval pending(String service) {
    try {
      return h.stub(service).status().pendingApproval();
    } catch (RuntimeException notYet) {
      return null;
    }
  }

  private static Blueprint needsApproval(String webhook) {
    return BlueprintParser.parse("blueprints/frontend/blueprint.yaml", needsApprovalYaml(webhook));
  }

  private static String needsApprovalYaml(String webhook) {
    String yaml =
        TestBlueprints.yaml("frontend")
            .replace(
                "approvers: [alice, bob]",
                "approvers: [alice]\n    require_approval: {scale_up: true}");
    if (webhook != null) {
      yaml = yaml + "  notifications:\n    webhook_url: " + webhook + "\n";
    }
    return yaml;
  }
}
