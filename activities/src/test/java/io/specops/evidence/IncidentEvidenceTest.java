package io.specops.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.json.Json;
import io.specops.notification.WebhookReceiver;
import io.specops.service.Harness;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident scenario end to end (time-skipping): a bad version rolls out, SpecOps scales the
 * backend up, verification fails, the operation is rolled back, and the evidence report recorded in
 * the audit trail names the rollout first, with the new error template and the Unhealthy events.
 */
class IncidentEvidenceTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = Harness.extension(ServiceWorkflowImpl.class);

  @TempDir Path auditDir;
  private Harness h;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker) {
    h = new Harness(env, worker, "incident", auditDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aRolledBackScaleUpGetsAReportThatNamesTheBadVersion() throws Exception {
    try (WebhookReceiver webhook = new WebhookReceiver()) {
      rolledBackScaleUp(webhook);
    }
  }

  private void rolledBackScaleUp(WebhookReceiver webhook) throws Exception {
    Blueprint bp =
        BlueprintParser.parse(
            "blueprints/backend/blueprint.yaml",
            TestBlueprints.yaml("backend")
                + "  notifications:\n    webhook_url: "
                + webhook.url()
                + "\n    events: [evidence]\n");
    ServiceWorkflow wf = h.start(bp, ServiceSettings.defaults());
    assertThat(
            h.advanceUntil(
                Duration.ofMinutes(8),
                () ->
                    h.auditRecords().stream()
                        .anyMatch(r -> r.path("record_type").asText().equals("evidence"))))
        .as(wf.status().toString())
        .isTrue();
    List<JsonNode> records = h.auditRecords();
    // more replicas bring cpu down but not the latency the new version adds: partial (or rolled
    // back)
    JsonNode outcome =
        records.stream()
            .filter(r -> r.path("record_type").asText().equals("outcome"))
            .findFirst()
            .orElseThrow();
    assertThat(outcome.path("outcome").asText()).isIn("partial", "rolled_back");
    JsonNode report =
        records.stream()
            .filter(r -> r.path("record_type").asText().equals("evidence"))
            .findFirst()
            .orElseThrow();
    assertThat(report.path("trigger").asText()).isEqualTo(outcome.path("outcome").asText());
    assertThat(report.path("record_id").asText()).startsWith("specops-service-todo-backend/");
    assertThat(report.at("/causes/0/rule").asText()).isEqualTo("rollout");
    assertThat(report.at("/causes/0/cause").asText())
        .contains("registry.example/todo-backend:2.4.0");
    // rolled out 60 s into the scenario, the operation ended about 90 s later
    assertThat(report.at("/causes/0/cause").asText()).matches(".*rolled out [12] min before");
    assertThat(report.path("rollouts")).hasSize(2);
    assertThat(Instant.parse(report.at("/rollouts/0/at").asText()))
        .as("the version the scenario started with is older")
        .isBefore(Instant.parse(report.at("/rollouts/1/at").asText()));
    assertThat(report.path("templates"))
        .anySatisfy(
            t -> {
              assertThat(t.path("template").asText()).contains("NullPointerException");
              assertThat(t.path("level").asText()).isEqualTo("error");
            });
    assertThat(report.path("events"))
        .anySatisfy(e -> assertThat(e.path("reason").asText()).isEqualTo("Unhealthy"));
    assertThat(report.path("decision_chain").get(0).asText()).contains("scale_up 3 -> ");
    assertThat(report.path("text").asText())
        .contains("## Likely causes")
        .contains("todo-backend:2.4.0");
    assertThat(report.path("gaps")).isEmpty();
    // the service's own channel gets the summary and the command that shows the whole report
    h.advance(Duration.ofSeconds(5));
    assertThat(webhook.bodies())
        .as("only the events the blueprint names")
        .singleElement()
        .satisfies(
            body -> {
              JsonNode sent = Json.mapper().readTree(body);
              assertThat(sent.path("event").asText()).isEqualTo("evidence");
              assertThat(sent.path("text").asText()).contains("todo-backend:2.4.0");
              assertThat(sent.at("/details/report_id").asText())
                  .isEqualTo(report.path("report_id").asText());
              assertThat(sent.at("/details/command").asText())
                  .isEqualTo("specops audit --type evidence --service todo-backend --json");
            });
  }

  @Test
  void anOperatorAsksAndGetsTheReportBack() {
    ServiceWorkflow wf = h.start(TestBlueprints.frontend(), ServiceSettings.defaults());
    h.advance(Duration.ofSeconds(90));
    EvidenceReport report = wf.collectEvidence(new EvidenceAsk("checking", "alice"));
    assertThat(report.trigger()).isEqualTo("on_demand");
    assertThat(report.decisionChain().get(0)).isEqualTo("asked for by alice: checking");
    assertThat(report.pods()).hasSize(2);
    assertThat(report.linesRead()).isPositive();
    assertThat(report.templates())
        .anySatisfy(
            t -> assertThat(t.template()).contains("GET /api/todos status=<NUM> in <NUM>ms"));
    assertThat(report.causes()).as("a calm service: no rule fires").isEmpty();
    h.advance(Duration.ofSeconds(2));
    assertThat(h.auditRecords())
        .anySatisfy(r -> assertThat(r.path("report_id").asText()).isEqualTo(report.reportId()));
  }
}
