package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditEntry;
import io.specops.audit.AuditLog;
import io.specops.audit.AuditedHistory;
import io.specops.blueprint.TestBlueprints;
import io.specops.cli.SpecopsCli;
import io.specops.client.FleetClient;
import io.specops.json.Json;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker on its embedded Temporal server (real time), driven from outside as an operator would:
 * `specops fleet start`, `specops status`, `specops approve`, and the REST API.
 */
// random method order on every run: nothing here may depend on what ran before
@TestMethodOrder(MethodOrderer.Random.class)
class OperatorInterfacesTest {
  @TempDir static Path work;
  static TestWorker worker;
  static String target;
  static int httpPort;

  /** The decision the story approves: found by its first step, used by the later ones. */
  String decisionId;

  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startWorker() throws Exception {
    worker = TestWorker.start(work);
    target = worker.target();
    httpPort = worker.httpPort();
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      worker.close();
    }
  }

  /**
   * An operator's session, in order: the fleet starts and a decision waits for approval, the REST
   * API refuses bad approvals, `specops approve` lets it run, the worker's metrics show it, seed
   * 004's and seed 003's verbs against the running fleet, the audit trail, then `fleet stop`. The
   * steps share one fleet and one decision, so they are one test (a dynamic test per step, run in
   * this order); the other tests need only the worker and run in any order.
   */
  @TestFactory
  Stream<DynamicTest> anOperatorsSessionFromFleetStartToFleetStop() {
    return Stream.of(
        dynamicTest(
            "fleet start, then status shows the decision awaiting approval",
            this::fleetStartThenStatusShowsThePendingApproval),
        dynamicTest(
            "pause withdraws the pending approval; resume and evaluate ask again",
            this::pauseWithdrawsThePendingApprovalAndResumeAsksAgain),
        dynamicTest(
            "the REST API refuses missing tokens, unlisted approvers and unknown decisions",
            this::theRestApiRefusesMissingTokensUnlistedApproversAndUnknownDecisions),
        dynamicTest(
            "specops approve lets the operation run and verify",
            this::specopsApproveLetsTheOperationRunAndVerify),
        dynamicTest(
            "the worker exports its own and the Temporal SDK's metrics",
            this::theWorkerExportsItsOwnAndTheTemporalSdksMetrics),
        dynamicTest("seed 004's paths, and unknown paths", this::seed004PathsAndUnknownPaths),
        dynamicTest(
            "seed 003's verbs: list, health, metrics, cost, stop and start",
            this::seed003VerbsListHealthMetricsCostStopAndStart),
        dynamicTest(
            "the audit trail over REST and the CLI", this::theAuditTrailIsQueriedOverRestAndTheCli),
        dynamicTest(
            "seed 002's verbs read a watched service's history from the audit trail",
            this::seed002VerbsReadAWatchedServicesHistoryFromTheAuditTrail),
        dynamicTest(
            "after fleet stop, status says not running", this::afterFleetStopStatusSaysNotRunning));
  }

  void fleetStartThenStatusShowsThePendingApproval() {
    Cli start = cli("fleet", "start", "--blueprints", work.resolve("blueprints").toString());
    assertThat(start.code()).as(start.err()).isZero();
    assertThat(start.out()).contains("started specops-fleet-default with 2 services");
    Cli again = cli("fleet", "start", "--blueprints", work.resolve("blueprints").toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("fleet default is already running");

    Pattern waiting =
        Pattern.compile(
            "Awaiting approval: todo-frontend (dec-\\d{8}-\\d{6}-todo-frontend-\\d{3})");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> waiting.matcher(cli("status").out()).find());
    Cli status = cli("status");
    Matcher m = waiting.matcher(status.out());
    assertThat(m.find()).isTrue();
    decisionId = m.group(1);
    assertThat(status.out())
        .contains("Multi-Service Status")
        .contains("todo-backend")
        .contains("specops approve todo-frontend " + decisionId);
  }

  void pauseWithdrawsThePendingApprovalAndResumeAsksAgain() throws Exception {
    Cli paused = cli("pause", "todo-frontend");
    assertThat(paused.code()).as(paused.err()).isZero();
    assertThat(paused.out())
        .contains("paused todo-frontend")
        .contains("withdrew " + decisionId + " (scale_up 2 -> 3, awaiting approval)");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> !cli("status", "todo-frontend").out().contains("approval     "));
    assertThat(cli("status", "todo-frontend").out()).contains("state        paused");
    Cli late = cli("approve", "todo-frontend", decisionId, "--as", "alice");
    assertThat(late.code()).isEqualTo(1);
    assertThat(late.err())
        .contains("todo-frontend is paused: nothing waits for approval (a pause withdraws it)");
    assertThat(
            auditLines().stream()
                .filter(line -> line.contains(decisionId) && line.contains("\"obsolete\"")))
        .singleElement()
        .asString()
        .contains("todo-frontend was paused while awaiting approval");

    // the REST API: pausing again withdraws nothing; resume
    HttpResponse<String> again = post("/api/v1/services/todo-frontend/pause", "", "alice-token");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(Json.mapper().readTree(again.body()))
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"service\": \"todo-frontend\", \"paused\": true, \"already_paused\": true}"));
    HttpResponse<String> resumed = post("/api/v1/services/todo-frontend/resume", "", "alice-token");
    assertThat(resumed.statusCode()).isEqualTo(202);
    assertThat(resumed.body()).contains("\"paused\":false");
    assertThat(cli("status", "todo-frontend").out()).doesNotContain("state        paused");
    assertThat(cli("evaluate", "todo-frontend").code()).isZero();
    Pattern waiting =
        Pattern.compile(
            "Awaiting approval: todo-frontend (dec-\\d{8}-\\d{6}-todo-frontend-\\d{3})");
    String dropped = decisionId;
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Matcher m = waiting.matcher(cli("status").out());
              return m.find() && !m.group(1).equals(dropped);
            });
    Matcher m = waiting.matcher(cli("status").out());
    assertThat(m.find()).isTrue();
    decisionId = m.group(1);
  }

  void theRestApiRefusesMissingTokensUnlistedApproversAndUnknownDecisions() throws Exception {
    HttpResponse<String> noToken =
        post(
            "/api/v1/services/todo-frontend/approvals/" + decisionId,
            "{\"decision\":\"approve\"}",
            null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.body()).contains("a bearer token is required");
    assertThat(post("/api/v1/services/todo-frontend/evaluate", "", "wrong-token").statusCode())
        .isEqualTo(401);

    // the body's approver is ignored: the token's principal (mallory) is who approves, and mallory
    // is not listed
    HttpResponse<String> mallory =
        post(
            "/api/v1/services/todo-frontend/approvals/" + decisionId,
            "{\"decision\":\"approve\",\"approver\":\"alice\"}",
            "mallory-token");
    assertThat(mallory.statusCode()).isEqualTo(403);
    assertThat(mallory.body())
        .contains("mallory is not an approver of todo-frontend (approvers: alice)");

    HttpResponse<String> unknown =
        post(
            "/api/v1/services/todo-frontend/approvals/dec-20990101-000000-001",
            "{\"decision\":\"approve\"}",
            "alice-token");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(post("/api/v1/services/nope/evaluate", "", "alice-token").statusCode())
        .isEqualTo(404);

    HttpResponse<String> invalid =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/services/todo-backend/blueprint"))
                .header("Authorization", "Bearer alice-token")
                .header("Content-Type", "application/yaml")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        TestBlueprints.yaml("backend")
                            .replace("min_replicas: 2", "min_replicas: 9")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(invalid.statusCode()).isEqualTo(400);
    JsonNode errors = Json.mapper().readTree(invalid.body());
    assertThat(errors.get("details").get(0).asText())
        .contains("spec.scaling.min_replicas (9) > max_replicas (5)");

    HttpResponse<String> view =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/services/status")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(view.body()).get("services")).hasSize(2);
  }

  void specopsApproveLetsTheOperationRunAndVerify() throws Exception {
    Cli refused = cli("approve", "todo-frontend", decisionId, "--as", "mallory");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .contains("mallory is not an approver of todo-frontend (approvers: alice)");

    Cli approved =
        cli("approve", "todo-frontend", decisionId, "--as", "alice", "--comment", "ship it");
    assertThat(approved.code()).as(approved.err()).isZero();
    assertThat(approved.out())
        .contains("approved " + decisionId + " (scale_up 2 -> 3) of todo-frontend as alice");

    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                cli("status", "todo-frontend")
                    .out()
                    .contains(decisionId + "  scale_up 2->3 verified"));
    Cli json = cli("status", "todo-frontend", "--json");
    assertThat(json.out()).contains("\"outcome\" : \"verified\"");
    Cli decisions = cli("decisions", "todo-frontend", "-n", "5");
    assertThat(decisions.out()).contains(decisionId);
    assertThat(auditLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"event\":\"approved\"")
                    .contains("\"approver\":\"alice\"")
                    .contains(decisionId));
  }

  void theWorkerExportsItsOwnAndTheTemporalSdksMetrics() throws Exception {
    HttpResponse<String> scrape =
        http.send(
            HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/actuator-prometheus.txt"), scrape.body());
    assertThat(scrape.body())
        .containsPattern(
            "specops_operations_total\\{outcome=\"verified\",service=\"todo-frontend\"} 1\\.0")
        .containsPattern("specops_decisions_total\\{action=\"no_action\",service=\"todo-backend\"}")
        .contains("specops_pending_approvals{service=\"todo-frontend\"} 0.0")
        .contains("specops_weighted_utilization{service=\"todo-backend\"}")
        .contains("temporal_");

    // the Grafana dashboard in deploy/ queries only what the worker exports: it cannot drift from
    // the code
    JsonNode dashboard =
        Json.mapper()
            .readTree(
                Files.readString(
                    TestBlueprints.repoRoot().resolve("deploy/grafana/specops-dashboard.json")));
    Set<String> exported = new TreeSet<>();
    scrape
        .body()
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> exported.add(l.split("[{ ]")[0]));
    Set<String> queried = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:specops|temporal)_[a-z_]+)\\b");
    dashboard
        .findValues("expr")
        .forEach(
            e -> {
              Matcher m = metric.matcher(e.asText());
              while (m.find()) {
                queried.add(m.group(1));
              }
            });
    assertThat(queried).hasSizeGreaterThan(10);
    assertThat(exported).as("metrics the dashboard queries").containsAll(queried);
    assertThat(queried)
        .as("every SpecOps metric has a panel")
        .containsAll(exported.stream().filter(n -> n.startsWith("specops_")).toList());
  }

  @Test
  void theWorkerRunsWithSpecopsTuningNotTheSdkDefaults() throws Exception {
    WorkerFactory factory = worker.context().getBean(WorkerFactory.class);
    WorkerOptions options = factory.getWorker("specops").getWorkerOptions();
    // the factory's options have no getter: read the field, to prove the starter applied our
    // customizer
    java.lang.reflect.Field field = WorkerFactory.class.getDeclaredField("factoryOptions");
    field.setAccessible(true);
    WorkerFactoryOptions factoryOptions = (WorkerFactoryOptions) field.get(factory);
    assertThat(factoryOptions.getWorkflowCacheSize()).isEqualTo(2000);
    assertThat(factoryOptions.isUsingVirtualWorkflowThreads()).isTrue();
    WorkerTuning tuning = WorkerTuning.defaults();
    assertThat(factoryOptions.getMaxWorkflowThreadCount()).isEqualTo(tuning.maxWorkflowThreads());
    assertThat(options.getMaxConcurrentWorkflowTaskPollers())
        .isEqualTo(tuning.workflowTaskPollers())
        .isNotEqualTo(5);
    assertThat(options.getMaxConcurrentActivityTaskPollers())
        .isEqualTo(tuning.activityTaskPollers());
    assertThat(options.getStickyQueueScheduleToStartTimeout())
        .isEqualTo(tuning.stickyScheduleToStart());
  }

  @Test
  void errorsAreOneClearLine() {
    Cli missing = cli("status", "no-such-service");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip())
        .isEqualTo(
            "specops: no workflow specops-service-no-such-service: is the fleet started, and is the service in it?");
    Cli unreachable =
        SpecopsCliRunner.run("status", "--temporal-target", "127.0.0.1:" + freePortUnchecked());
    assertThat(unreachable.code()).isEqualTo(3);
    assertThat(unreachable.err()).contains("cannot reach Temporal at 127.0.0.1:");
  }

  /**
   * Seed 004's paths: /config is the blueprint, trigger-evaluation evaluates; an unknown path is a
   * JSON 404 before auth.
   */
  void seed004PathsAndUnknownPaths() throws Exception {
    HttpResponse<String> config =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/services/todo-backend/config")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(config.body()).at("/blueprint/metadata/name").asText())
        .isEqualTo("todo-backend");
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/services/todo-backend/config"))
                .header("Authorization", "Bearer alice-token")
                .header("Content-Type", "application/yaml")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        TestBlueprints.yaml("backend").replace("version: 1.0.0", "version: 1.0.1")
                            + "  notifications:\n    email: oncall@company.com\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
    // this worker has no SMTP server: the blueprint is applied, and the answer says email won't go
    assertThat(Json.mapper().readTree(put.body()).get("warnings").get(0).asText())
        .isEqualTo(
            "todo-backend: spec.notifications.email names oncall@company.com, but this worker has"
                + " no SMTP server (specops.notifications.smtp.host): no email will be sent");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Json.mapper()
                    .readTree(
                        http.send(
                                HttpRequest.newBuilder(uri("/api/v1/services/todo-backend/config"))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body())
                    .at("/blueprint/metadata/version")
                    .asText()
                    .equals("1.0.1"));
    long evaluations =
        Json.mapper()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(uri("/api/v1/services/todo-backend/status")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .at("/status/evaluations")
            .asLong();
    HttpResponse<String> trigger =
        post("/api/v1/services/todo-backend/trigger-evaluation", "", "alice-token");
    assertThat(trigger.statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Json.mapper()
                        .readTree(
                            http.send(
                                    HttpRequest.newBuilder(
                                            uri("/api/v1/services/todo-backend/status"))
                                        .build(),
                                    HttpResponse.BodyHandlers.ofString())
                                .body())
                        .at("/status/evaluations")
                        .asLong()
                    > evaluations);

    for (String method : List.of("GET", "POST", "DELETE")) {
      HttpResponse<String> nowhere =
          http.send(
              HttpRequest.newBuilder(uri("/api/v1/services/todo-backend/nowhere"))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(nowhere.statusCode()).as(method).isEqualTo(404);
      assertThat(Json.mapper().readTree(nowhere.body()).get("error").asText())
          .isEqualTo("no such API path: " + method + " /api/v1/services/todo-backend/nowhere");
    }
    assertThat(post("/api/v1/services/todo-backend/trigger-evaluation", "", null).statusCode())
        .as("known path: auth first")
        .isEqualTo(401);

    // seed 004's root-cause trigger: the report comes back, asked for by the token's principal
    assertThat(post("/api/v1/services/todo-backend/trigger-rca", "", null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> rca = post("/api/v1/services/todo-backend/trigger-rca", "", "alice-token");
    assertThat(rca.statusCode()).as(rca.body()).isEqualTo(200);
    JsonNode report = Json.mapper().readTree(rca.body());
    assertThat(report.path("report_id").asText()).startsWith("ev-");
    assertThat(report.path("trigger").asText()).isEqualTo("on_demand");
    assertThat(report.at("/decision_chain/0").asText())
        .isEqualTo("asked for by alice: trigger-rca");
    assertThat(report.path("pods").size()).isPositive();
    assertThat(report.path("text").asText()).startsWith("# todo-backend: evidence ev-");
    assertThat(post("/api/v1/services/nope/trigger-rca", "", "alice-token").statusCode())
        .isEqualTo(404);
    Cli evidence = cli("evidence", "todo-backend", "--reason", "latency check", "--as", "alice");
    assertThat(evidence.code()).as(evidence.err()).isZero();
    assertThat(evidence.out())
        .contains("# todo-backend: evidence ev-")
        .contains("asked for by alice: latency check");
  }

  /** The audit trail over REST and with `specops audit`: the same records, each with its id. */
  void theAuditTrailIsQueriedOverRestAndTheCli() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    uri("/api/v1/audit?service=todo-frontend&decision=" + decisionId + "&since=1h"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(r.body());
    List<String> types = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    body.get("records")
        .forEach(
            n -> {
              types.add(n.get("record_type").asText());
              ids.add(n.get("record_id").asText());
            });
    assertThat(types).contains("decision", "approval", "execution", "verification", "outcome");
    assertThat(ids)
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).startsWith("specops-service-todo-frontend/"));
    assertThat(body.get("count").asInt()).isEqualTo(ids.size());

    Cli cli =
        SpecopsCliRunner.run(
            "audit",
            "--audit-dir",
            work.resolve("audit").toString(),
            "--decision",
            decisionId,
            "--json");
    assertThat(cli.code()).as(cli.err()).isZero();
    assertThat(
            cli.out()
                .lines()
                .map(l -> l.replaceAll(".*\"record_id\":\"([^\"]+)\".*", "$1"))
                .toList())
        .containsExactlyElementsOf(ids);

    // the service page's data: evaluations as points, what happened as markers with their rationale
    HttpResponse<String> series =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/services/todo-frontend/series?since=1h")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(series.statusCode()).as(series.body()).isEqualTo(200);
    JsonNode s = Json.mapper().readTree(series.body());
    assertThat(s.get("points").size()).isPositive();
    assertThat(s.at("/points/0/replicas").asInt()).isEqualTo(2);
    assertThat(s.at("/thresholds/scale_up").asDouble()).isEqualTo(0.8);
    List<String> markers = new ArrayList<>();
    s.get("markers")
        .forEach(m -> markers.add(m.get("kind").asText() + ": " + m.get("label").asText()));
    assertThat(markers)
        .contains(
            "decision: scale_up 2→3",
            "approval: approval approved by alice",
            "outcome: scale_up 2→3 verified");
    assertThat(s.get("markers"))
        .anySatisfy(m -> assertThat(m.get("text").asText()).contains("scale_up_threshold (80%)"));
    assertThat(
            http.send(
                    HttpRequest.newBuilder(uri("/api/v1/services/nope/series")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            uri("/api/v1/services/todo-frontend/series?since=forever"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(400);

    for (String bad :
        List.of(
            "/api/v1/audit?since=soon",
            "/api/v1/audit?limit=0",
            "/api/v1/audit?limit=many",
            "/api/v1/audit?type=decisions",
            "/api/v1/services/todo-frontend/status?decisions=all")) {
      HttpResponse<String> refused =
          http.send(HttpRequest.newBuilder(uri(bad)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      String parameter = bad.substring(bad.indexOf('?') + 1, bad.indexOf('='));
      assertThat(Json.mapper().readTree(refused.body()).path("error").asText())
          .as(refused.body())
          .startsWith(parameter);
    }
  }

  /**
   * Seed 003's verbs against the running fleet: list, health, metrics, cost, stop SERVICE / start
   * SERVICE.
   */
  /**
   * The watcher evaluates the idle backend and records each evaluation in the audit trail, not in
   * the backend's workflow; predict and recommend read both.
   */
  void seed002VerbsReadAWatchedServicesHistoryFromTheAuditTrail() throws Exception {
    Instant since = Instant.now().minus(Duration.ofHours(1));
    List<HistoryPoint> audited =
        AuditedHistory.points(
            new AuditLog(work.resolve("audit")).query(AuditedHistory.query("todo-backend", since)));
    FleetClient client = DashboardIT.client(target);
    assertThat(audited).as("the watcher's evaluations of the backend").isNotEmpty();
    assertThat(audited.size())
        .as("more than the workflow keeps")
        .isGreaterThan(client.history("todo-backend", 0).size());
    assertThat(audited.get(audited.size() - 1).cpu()).isEqualTo(0.45);

    // its decisions too: the watcher's are in the trail, the workflow lists only its own
    assertThat(client.decisions("todo-backend", 10))
        .as("the idle backend's workflow decided nothing itself")
        .noneMatch(d -> d.trigger().equals("watch"));
    JsonNode listed =
        Json.mapper()
            .readTree(
                cli(
                        "decisions",
                        "todo-backend",
                        "--json",
                        "--audit-dir",
                        work.resolve("audit").toString())
                    .out());
    assertThat(listed)
        .as("the watcher's, with the workflow's own (an evaluate_now earlier in the session)")
        .anySatisfy(
            d -> {
              assertThat(d.get("trigger").asText()).isEqualTo("watch");
              assertThat(d.get("outcome").asText()).isEqualTo("no_action");
            });
    JsonNode overRest =
        Json.mapper()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(
                                uri("/api/v1/services/todo-backend/status?decisions=3"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
    assertThat(overRest.get("decisions"))
        .hasSizeBetween(2, 3)
        .anySatisfy(d -> assertThat(d.get("trigger").asText()).isEqualTo("watch"));

    // a longer trail than the session has: 40 minutes of the backend at 20 % CPU, every 30 s
    Path trail = Files.createDirectories(work.resolve("older-audit"));
    AuditLog older = new AuditLog(trail);
    Instant start = Instant.now().minus(Duration.ofMinutes(40));
    List<AuditEntry> records = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      Instant at = start.plusSeconds(30L * i);
      records.add(
          new AuditEntry(
              "decision",
              at,
              "todo-backend",
              Map.of(
                  "decision_id",
                  "dec-older-" + i,
                  "action",
                  "no_action",
                  "weighted_utilization",
                  0.25,
                  "observed",
                  new MetricsSnapshot(
                      "todo-backend",
                      3,
                      3,
                      3,
                      new Metrics(0.2, 0.3, 50.0, 90.0, 100.0, 0.001),
                      at,
                      "simulated"))));
    }
    older.append(records);

    Cli predicted = cli("predict", "todo-backend", "--json", "--audit-dir", trail.toString());
    assertThat(predicted.code()).as(predicted.err()).isZero();
    JsonNode forecast = Json.mapper().readTree(predicted.out());
    assertThat(forecast.get("samples").asInt()).isGreaterThanOrEqualTo(80);
    Cli recommended =
        cli("recommend", "--service", "todo-backend", "--audit-dir", trail.toString());
    assertThat(recommended.out()).contains("todo-backend - right_size_cpu");

    Path empty = Files.createDirectories(work.resolve("empty-audit"));
    Cli tooFew = cli("predict", "todo-backend", "--audit-dir", empty.toString());
    assertThat(tooFew.code()).isEqualTo(1);
    assertThat(tooFew.err()).contains("a forecast needs 10");
    Cli noTrail = cli("predict", "todo-backend", "--audit-dir", work.resolve("nope").toString());
    assertThat(noTrail.err())
        .contains("a watched service's evaluations are in the audit trail, not found at");
  }

  void seed003VerbsListHealthMetricsCostStopAndStart() throws Exception {
    Cli list = cli("list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("SERVICE")
        .containsPattern("todo-backend +idle +3 +2-5 +70% +75%/35%")
        .containsPattern("todo-frontend .* 1-5 ");
    JsonNode listJson = Json.mapper().readTree(cli("list", "--json").out());
    assertThat(listJson)
        .extracting(n -> n.get("service").asText())
        .containsExactlyInAnyOrder("todo-backend", "todo-frontend");

    Cli health = cli("health", "--json");
    JsonNode rows = Json.mapper().readTree(health.out());
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.get("score").asInt()).isBetween(0, 100);
              assertThat(
                      r.get("cpu").isInt()
                          && r.get("memory").isInt()
                          && r.get("errors").isInt()
                          && r.get("latency").isInt())
                  .isTrue();
            });
    assertThat(cli("health").out()).contains("SCORE").contains("LATENCY");

    JsonNode metrics = Json.mapper().readTree(cli("metrics", "todo-backend", "--json").out());
    assertThat(metrics.get("service").asText()).isEqualTo("todo-backend");
    assertThat(metrics.at("/metrics/cpu_utilization").asDouble()).isBetween(0.3, 0.6);
    assertThat(cli("metrics").out()).contains("todo-frontend").contains("todo-backend");

    JsonNode cost = Json.mapper().readTree(cli("cost", "--json").out());
    assertThat(cost.get("services")).hasSize(2);
    JsonNode backend =
        StreamSupport.stream(cost.get("services").spliterator(), false)
            .filter(n -> n.get("service").asText().equals("todo-backend"))
            .findFirst()
            .orElseThrow();
    // 3 replicas x 100m and 256Mi at the default prices
    assertThat(backend.get("cpu_cores_requested").asDouble()).isEqualTo(0.3);
    assertThat(backend.get("cost_per_month").asDouble())
        .isCloseTo(
            0.3 * 0.0445 * 730 + 0.75 * 0.0049 * 730, org.assertj.core.data.Offset.offset(0.02));
    assertThat(cli("cost").out()).contains("$/MONTH").contains("total");

    Cli stop = cli("stop", "todo-backend");
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(stop.out()).contains("it stays stopped until: specops start todo-backend");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cli("list").out().matches("(?s).*todo-backend +held.*"));
    assertThat(cli("fleet", "reload").code()).isZero();
    Thread.sleep(2000);
    assertThat(cli("list").out())
        .as("a reload does not restart a held service")
        .containsPattern("todo-backend +held");
    Cli start = cli("start", "todo-backend");
    assertThat(start.code()).as(start.err()).isZero();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cli("status", "todo-backend").out().contains("state        idle"));
    assertThat(cli("start", "todo-backend").err()).contains("todo-backend is already running");
    assertThat(cli("stop", "nope").err()).contains("nope is not a service of fleet default");
  }

  /**
   * Last: after `fleet stop`, status says the fleet is not running (non-zero exit) and a service
   * says stopped.
   */
  void afterFleetStopStatusSaysNotRunning() {
    Cli stop = cli("fleet", "stop");
    assertThat(stop.code()).as(stop.err()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cli("status").code() != 0);
    Cli status = cli("status");
    assertThat(status.code()).isEqualTo(1);
    assertThat(status.err())
        .contains("fleet default is not running (completed at ")
        .contains("specops fleet start");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cli("status", "todo-backend").out().contains("state        stopped"));
    assertThat(cli("status", "todo-backend").out())
        .contains("next none (stopped)")
        .doesNotContain("idle");
  }

  // ---- helpers ----

  static List<String> auditLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (var files = Files.walk(work.resolve("audit"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  record Cli(int code, String out, String err) {}

  static Cli cli(String... args) {
    return cliAt(target, args);
  }

  /** The CLI against the worker's Temporal at {@code temporal}. */
  static Cli cliAt(String temporal, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--temporal-target");
    all.add(temporal);
    return SpecopsCliRunner.run(all.toArray(String[]::new));
  }

  static final class SpecopsCliRunner {
    static Cli run(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = SpecopsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Cli(code, out.toString(), err.toString());
    }
  }

  static HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  static int freePortUnchecked() {
    try {
      return TestWorker.freePort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
