package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.client.FleetClient;
import io.specops.json.Json;
import io.specops.service.ServiceStatus;
import io.specops.testing.FuzzSeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's REST fuzz: well over a thousand generated bodies against the endpoints that take one
 * (approvals and blueprint updates), from an approver, from someone who is not one, for the pending
 * decision and for ids that do not exist. Every answer must be a 4xx with a JSON error that says
 * what was wrong, and nothing may change: the approval still pending, both blueprints as they were,
 * no execution, no approval, no blueprint update in the audit log.
 */
class RestBodyFuzzTest {
  static final int REQUESTS = 1500;

  @TempDir Path work;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void generatedBodiesGetClearFourHundredsAndChangeNothing() throws Exception {
    try (TestWorker worker = TestWorker.start(work)) {
      FleetClient client = DashboardIT.client(worker.target());
      client.startFleet("default", null, worker.blueprints().toString(), null, null);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> TestWorker.pendingApproval(client) != null);
      String pending = TestWorker.pendingApproval(client);
      String frontendBefore = Json.write(client.blueprint("todo-frontend"));
      String backendBefore = Json.write(client.blueprint("todo-backend"));
      long frontendOperations = client.status("todo-frontend").operations();

      Random random = new Random(FuzzSeed.of("rest body fuzz", 20261122));
      Map<Integer, Integer> byStatus = new TreeMap<>();
      Map<String, Integer> byKind = new TreeMap<>();
      List<String> unclear = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        Fuzzed request = next(random, pending);
        HttpResponse<String> response =
            http.send(request.build(worker.httpPort()), HttpResponse.BodyHandlers.ofString());
        byStatus.merge(response.statusCode(), 1, Integer::sum);
        byKind.merge(request.kind(), 1, Integer::sum);
        if (response.statusCode() != request.expected() || !clearError(response.body())) {
          unclear.add(
              request.kind()
                  + " -> "
                  + response.statusCode()
                  + " "
                  + response.body()
                  + "\n  sent: "
                  + request.body());
        }
      }
      System.out.printf(
          "REST fuzz: %d requests by kind %s, by status %s%n", REQUESTS, byKind, byStatus);
      assertThat(unclear)
          .as("requests not refused with the expected status and a JSON error")
          .isEmpty();

      // nothing changed
      ServiceStatus frontend = client.status("todo-frontend");
      assertThat(frontend.pendingApproval()).as("still waiting for alice").isNotNull();
      assertThat(frontend.pendingApproval().decisionId()).isEqualTo(pending);
      assertThat(frontend.operations()).isEqualTo(frontendOperations);
      assertThat(frontend.observed().replicas()).isEqualTo(2);
      assertThat(frontend.paused()).isFalse();
      assertThat(Json.write(client.blueprint("todo-frontend"))).isEqualTo(frontendBefore);
      assertThat(Json.write(client.blueprint("todo-backend"))).isEqualTo(backendBefore);
      assertThat(auditLines())
          .noneMatch(line -> line.contains("\"record_type\":\"execution\""))
          .noneMatch(
              line ->
                  line.contains("\"event\":\"approved\"")
                      || line.contains("\"event\":\"rejected\""))
          .noneMatch(line -> line.contains("\"event\":\"blueprint_updated\""));
    }
  }

  /** One generated request and the status it must get. */
  record Fuzzed(
      String kind,
      String method,
      String path,
      String token,
      String contentType,
      String body,
      int expected) {
    HttpRequest build(int port) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      HttpRequest.BodyPublisher publisher =
          HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
      return b.method(method, publisher).build();
    }
  }

  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "text/plain",
          "application/yaml",
          "text/yaml",
          "application/octet-stream");

  static Fuzzed next(Random random, String pending) {
    String approvals = "/api/v1/services/todo-frontend/approvals/";
    return switch (random.nextInt(6)) {
      // a body that is not {"decision": "approve"|"reject"}, from alice, for the real decision
      case 0, 1 ->
          new Fuzzed(
              "approval body",
              "POST",
              approvals + pending,
              "alice-token",
              "application/json",
              badApprovalBody(random),
              400);
      // a well-formed answer from someone who is not an approver
      case 2 ->
          new Fuzzed(
              "unlisted approver",
              "POST",
              approvals + pending,
              "mallory-token",
              pick(random, CONTENT_TYPES),
              "{\"decision\":\""
                  + pick(random, List.of("approve", "reject"))
                  + "\",\"approver\":\"alice\"}",
              403);
      // a well-formed answer for a decision that does not exist
      case 3 ->
          new Fuzzed(
              "unknown decision",
              "POST",
              approvals + unknownId(random, pending),
              "alice-token",
              "application/json",
              "{\"decision\":\"approve\",\"comment\":\"" + word(random) + "\"}",
              404);
      // blueprint updates that must not pass
      default -> badBlueprint(random);
    };
  }

  static String badApprovalBody(Random random) {
    List<Function<Random, String>> shapes =
        List.of(
            r -> "",
            r -> "{}",
            r -> "null",
            r -> "[]",
            r -> "\"approve\"",
            r -> "{\"decision\": " + jsonValueExceptApproveOrReject(r) + "}",
            r ->
                "{\"decision\": \""
                    + pick(
                        r,
                        List.of("APPROVE", "Approve", "approve ", " reject", "approved", "yes", ""))
                    + "\"}",
            r -> "{\"approve\": true, \"approver\": \"alice\"}",
            r -> "{\"decision\": \"approve\"".substring(0, 1 + r.nextInt(21)),
            r -> "{\"decision\": \"approve\", }",
            r -> "{\"decision\": \"approve\"} trailing",
            r -> randomBytes(r),
            r -> "{\"" + word(r) + "\": " + jsonValueExceptApproveOrReject(r) + "}");
    return shapes.get(random.nextInt(shapes.size())).apply(random);
  }

  static Fuzzed badBlueprint(Random random) {
    String path = "/api/v1/services/todo-frontend/blueprint";
    String yaml = TestBlueprints.yaml("frontend");
    int shape = random.nextInt(6);
    if (shape == 0) {
      // valid, but another service's: must not reach that service either
      return new Fuzzed(
          "other service's blueprint",
          "PUT",
          path,
          "alice-token",
          "application/yaml",
          TestBlueprints.yaml("backend"),
          400);
    }
    if (shape == 1) {
      String body =
          pick(
              random,
              List.of(
                  "{\"yaml\": 5}",
                  "{\"yaml\": null}",
                  "{\"source\": \"x\"}",
                  "[\"yaml\"]",
                  "{\"yaml\": " + Json.write(yaml),
                  randomBytes(random)));
      return new Fuzzed(
          "blueprint JSON wrapper", "PUT", path, "alice-token", "application/json", body, 400);
    }
    String body;
    do {
      body = mutate(random, yaml);
    } while (validFrontend(body));
    return new Fuzzed(
        "invalid blueprint", "PUT", path, "alice-token", pick(random, CONTENT_TYPES), body, 400);
  }

  /**
   * A change to the frontend's YAML; most are invalid, and the caller keeps only those that are.
   */
  static String mutate(Random random, String yaml) {
    List<String> lines = new ArrayList<>(yaml.lines().toList());
    int at = random.nextInt(lines.size());
    switch (random.nextInt(7)) {
      case 0 ->
          lines.set(
              at, lines.get(at).replaceAll("\\d+", Integer.toString(random.nextInt(200) - 100)));
      case 1 -> lines.set(at, lines.get(at).replaceAll(":\\s.*", ": " + word(random)));
      case 2 -> lines.remove(at);
      case 3 -> lines.add(at, " ".repeat(random.nextInt(6)) + word(random) + ": " + word(random));
      case 4 -> {
        return yaml.substring(0, random.nextInt(yaml.length()));
      }
      case 5 ->
          lines.set(
              at, lines.get(at).replace(":", pick(random, List.of("", " :", "::", ": [", ": {"))));
      default -> {
        return randomBytes(random);
      }
    }
    return String.join("\n", lines) + "\n";
  }

  static boolean validFrontend(String yaml) {
    try {
      return BlueprintParser.parse("fuzz", yaml).name().equals("todo-frontend");
    } catch (RuntimeException invalid) {
      return false;
    }
  }

  static boolean clearError(String body) {
    try {
      JsonNode json = Json.mapper().readTree(body);
      return json.path("error").isTextual() && json.get("error").asText().length() > 5;
    } catch (Exception e) {
      return false;
    }
  }

  static String jsonValueExceptApproveOrReject(Random random) {
    return pick(
        random,
        List.of(
            "1",
            "true",
            "null",
            "[\"approve\"]",
            "{\"value\": \"approve\"}",
            "\"" + word(random) + "\"",
            "-0.5e9",
            "\"\\u0000\""));
  }

  static String unknownId(Random random, String pending) {
    String id;
    do {
      id =
          pick(
                  random,
                  List.of("dec-20990101-000000-%03d", "dec-%d", "%d", "DEC-20261122-000000-%03d"))
              .formatted(random.nextInt(1000));
    } while (id.equals(pending));
    return id;
  }

  static String word(Random random) {
    String letters = "abcdefghijklmnopqrstuvwxyz_";
    StringBuilder out = new StringBuilder();
    for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
      out.append(letters.charAt(random.nextInt(letters.length())));
    }
    return out.toString();
  }

  static String randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(300)];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private List<String> auditLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(work.resolve("audit"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }
}
