package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditLog;
import io.specops.blueprint.TestBlueprints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** `specops demo` end to end: the embedded server, the simulated cluster, seed 001's outcome. */
class DemoRunnerTest {
  @TempDir Path auditDir;

  @Test
  void seed001DemoScalesTheFrontendAndLeavesTheBackendAlone() throws Exception {
    String output = runDemo("seed-001");
    assertThat(output).contains("SpecOps demo: scenario seed-001");
    assertThat(output)
        .containsPattern("todo-frontend +decision +scale_up 2 -> 3 \\(weighted 81\\.5%\\)");
    assertThat(output).containsPattern("todo-frontend +governance +allowed");
    assertThat(output)
        .containsPattern(
            "todo-frontend +execution +scale_up 2 -> 3: deployment.apps/todo-frontend scaled");
    assertThat(output)
        .containsPattern(
            "todo-frontend +verification +success: replica_count 3 \\(passed\\), cpu_utilization 56.7% \\(passed\\)");
    assertThat(output).containsPattern("todo-backend +decision +no_action");
    assertThat(output)
        .contains("Multi-Service Status")
        .contains("Last Operation: scale_up 2 -> 3, verified")
        .contains("Cluster Resources");
    assertThat(output).contains("Done after");

    List<JsonNode> records = readAll(auditDir);
    assertThat(records).hasSizeGreaterThanOrEqualTo(6);
    assertThat(records)
        .extracting(r -> r.get("service").asText())
        .contains("todo-frontend", "todo-backend");
    // seed 001 Steps 7-8 for the service left alone: execution none, no verification needed
    List<JsonNode> backend =
        records.stream().filter(r -> r.get("service").asText().equals("todo-backend")).toList();
    assertThat(backend)
        .filteredOn(r -> r.get("record_type").asText().equals("execution"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("operation").asText()).isEqualTo("no_action");
              assertThat(r.get("command").asText()).isEqualTo("none");
              assertThat(r.get("record_id").asText()).endsWith("/execution");
            });
    assertThat(backend)
        .filteredOn(r -> r.get("record_type").asText().equals("verification"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("outcome").asText()).isEqualTo("no_verification_needed");
              assertThat(r.at("/current_state/replicas").asInt()).isEqualTo(3);
            });
    // Step 6: each service decided on its own blueprint, metrics and governance
    assertThat(records)
        .filteredOn(r -> r.get("record_type").asText().equals("independence"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(
                      r.at("/independence_verification/todo-frontend_decision_independent")
                          .asBoolean())
                  .isTrue();
              assertThat(
                      r.at("/independence_verification/todo-backend_decision_independent")
                          .asBoolean())
                  .isTrue();
              assertThat(
                      r.at("/independence_verification/no_cross_service_interference").asBoolean())
                  .isTrue();
              assertThat(
                      r.at("/service_isolation_proof/separate_circuit_breakers/todo-backend")
                          .asText())
                  .isEqualTo("closed");
            });
    assertThat(output)
        .containsPattern(
            "independence +decided independently; no_cross_service_interference: true");
    assertThat(output)
        .containsPattern("todo-backend +execution +none: no operation \\(command none\\)")
        .containsPattern(
            "todo-backend +verification +no_verification_needed: No operation executed");

    // seed 001 Step 9: the outcome with before and after; the timeline says what it was
    assertThat(output)
        .containsPattern(
            "todo-frontend +outcome +scale_up 2 -> 3: verified \\(cpu 85% -> 56\\.7%, p95 180ms -> 150ms\\)")
        .doesNotContainPattern("outcome +outcome");
    JsonNode outcome =
        records.stream()
            .filter(r -> r.get("record_type").asText().equals("outcome"))
            .findFirst()
            .orElseThrow();
    assertThat(outcome.get("replicas_before").asInt()).isEqualTo(2);
    assertThat(outcome.get("replicas_after").asInt()).isEqualTo(3);
    assertThat(outcome.get("cpu_before").asDouble()).isEqualTo(0.85);
    assertThat(outcome.get("cpu_after").asDouble())
        .isCloseTo(0.567, org.assertj.core.data.Offset.offset(0.001));
    assertThat(outcome.get("latency_before").asDouble()).isEqualTo(180.0);
    assertThat(outcome.get("latency_after").asDouble())
        .isCloseTo(150.0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(outcome.get("improvement").asText())
        .isEqualTo("Reduced load per replica, improved latency");
    // no library WARN lines in the demo's output
    assertThat(output).doesNotContainPattern("(?m)^\\S+ +WARN ");
  }

  @Test
  void conflictDemoExecutesTheBackendAndDefersTheFrontendFiveMinutes() throws Exception {
    String output = runDemo("seed-001-conflict");
    assertThat(output)
        .containsPattern(
            "resource_conflict: 150m CPU requested, 120m available \\(shortfall 30m\\); "
                + "prioritize_by_criticality: todo-backend execute \\(score 90\\) todo-frontend defer \\(score 50, 5 minutes\\)");
    assertThat(output)
        .containsPattern(
            "todo-frontend +control +deferred: todo-frontend deferred until resources available");
    assertThat(output).containsPattern("todo-backend +verification +success");
    assertThat(output).containsPattern("todo-frontend +verification +success");
    // the batch job's end, on the scenario's clock, in the progress and the timeline; no log line
    assertThat(output)
        .containsPattern(
            "\\[\\d\\d:\\d\\d:\\d\\d\\]  batch/nightly-report finished: 100m cpu free again")
        .containsPattern("cluster +job +batch/nightly-report finished: 100m cpu free again")
        .doesNotContain("simulated job");
    List<JsonNode> records = readAll(auditDir);
    JsonNode conflict =
        records.stream()
            .filter(r -> r.get("record_type").asText().equals("conflict"))
            .findFirst()
            .orElseThrow();
    assertThat(conflict.at("/conflict_resolution/services/todo-backend/action").asText())
        .isEqualTo("execute");
    assertThat(conflict.at("/conflict_resolution/services/todo-frontend/action").asText())
        .isEqualTo("defer");
    JsonNode frontendVerified =
        records.stream()
            .filter(
                r ->
                    r.get("record_type").asText().equals("verification")
                        && r.get("service").asText().equals("todo-frontend"))
            .findFirst()
            .orElseThrow();
    Duration waited =
        Duration.between(
            Instant.parse(conflict.get("timestamp").asText()),
            Instant.parse(frontendVerified.get("timestamp").asText()));
    assertThat(waited).isGreaterThan(Duration.ofMinutes(5));
  }

  /**
   * Two services of one namespace, room in its quota for one: the coordinator pools it, the backend
   * executes, the frontend is deferred naming the quota, and when it decides again the quota
   * (counted by the simulated quota controller) is full.
   */
  @Test
  void quotaDemoPoolsTheNamespacesQuotaBetweenItsServices() throws Exception {
    String output = runDemo("quota");
    assertThat(output)
        .containsPattern(
            "resource_conflict: 150m CPU requested, \\d+m available;"
                + " quota:todo-app/team-cpu/requests.cpu 150m requested, 100m available"
                + " \\(shortfall 50m\\); prioritize_by_criticality: todo-backend execute"
                + " \\(score 90\\) todo-frontend defer \\(score 50, 5 minutes\\)")
        .contains(
            "todo-frontend deferred until resources available: the namespace todo-app's"
                + " ResourceQuota team-cpu (requests.cpu): needs 50m, 0m left after todo-backend")
        .containsPattern("todo-backend +verification +success")
        .contains(
            "Last Operation: no_action, held by the namespace's ResourceQuota team-cpu"
                + " (requests.cpu: 500m used of 500m)");
    List<JsonNode> records = readAll(auditDir);
    JsonNode held =
        records.stream()
            .filter(r -> r.path("record_type").asText().equals("decision"))
            .filter(r -> r.path("service").asText().equals("todo-frontend"))
            .filter(r -> r.path("trigger").asText().equals("quota"))
            .findFirst()
            .orElseThrow();
    assertThat(held.path("rationale").asText())
        .contains(
            "the namespace's ResourceQuota team-cpu (requests.cpu: 500m used of 500m) admits no"
                + " more pods");
    assertThat(records)
        .noneMatch(
            r ->
                r.path("record_type").asText().equals("execution")
                    && r.path("service").asText().equals("todo-frontend"));
  }

  /**
   * Seed 004's other half: a bad rollout, a scale-up that does not fix it, and the report that says
   * why.
   */
  @Test
  void incidentDemoEndsWithAReportThatNamesTheRollout() throws Exception {
    String output = runDemo("incident");
    // the rollout the report will name shows when it happens, in the progress and the timeline
    assertThat(output)
        .containsPattern(
            "\\[\\d\\d:\\d\\d:\\d\\d\\]  todo-backend: registry.example/todo-backend:2.4.0 rolled out \\(revision 2\\)")
        .containsPattern(
            "todo-backend +rollout +registry.example/todo-backend:2.4.0 rolled out \\(revision 2\\)");
    assertThat(output).containsPattern("todo-backend +decision +scale_up 3 -> ");
    assertThat(output)
        .containsPattern(
            "todo-backend +evidence +report ev-\\d{8}-\\d{6}-todo-backend-\\d{3} \\((partial|rolled_back)\\): "
                + "todo-backend: likely the new version: registry.example/todo-backend:2.4.0 rolled out \\d+ min before");
    assertThat(output)
        .contains("## Likely causes")
        .contains("1. **the new version: registry.example/todo-backend:2.4.0")
        .contains("NullPointerException")
        .contains("Readiness probe failed");
    assertThat(output).contains("Done after");
    assertThat(readAll(auditDir))
        .filteredOn(r -> r.get("record_type").asText().equals("evidence"))
        .singleElement()
        .satisfies(r -> assertThat(r.at("/causes/0/rule").asText()).isEqualTo("rollout"));
    assertThat(output).doesNotContainPattern("(?m)^\\S+ +WARN ");
  }

  static List<JsonNode> readAll(Path auditDir) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> days = Files.list(auditDir)) {
      for (Path day : days.sorted().toList()) {
        out.addAll(new AuditLog(auditDir).read(LocalDate.parse(day.getFileName().toString())));
      }
    }
    return out;
  }

  String runDemo(String scenario) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      ConfigurableApplicationContext context =
          new SpringApplicationBuilder(WorkerApplication.class)
              .web(WebApplicationType.NONE)
              .profiles("demo")
              .run(
                  "--specops.mode=demo",
                  "--specops.scenario=" + scenario,
                  "--specops.blueprints=" + TestBlueprints.repoRoot().resolve("blueprints"),
                  "--specops.audit-dir=" + auditDir);
      exit = SpringApplication.exit(context);
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.println(output);
    assertThat(exit).as(output).isZero();
    return output;
  }
}
