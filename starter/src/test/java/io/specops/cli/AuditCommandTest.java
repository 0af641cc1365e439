package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditEntry;
import io.specops.audit.AuditLog;
import io.specops.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `specops audit` over the JSON-lines files (the e2e tier reads the same trail from PostgreSQL).
 */
class AuditCommandTest {
  @TempDir Path dir;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void writeATrail() {
    new AuditLog(dir)
        .append(
            List.of(
                new AuditEntry(
                    "decision",
                    now.minusSeconds(7200),
                    "todo-frontend",
                    Map.of("decision_id", "dec-old", "action", "scale_up", "rationale", "old")),
                new AuditEntry(
                    "decision",
                    now.minusSeconds(60),
                    "todo-frontend",
                    Map.of(
                        "decision_id",
                        "dec-new",
                        "action",
                        "scale_up",
                        "rationale",
                        "cpu 85% > 70%")),
                new AuditEntry(
                    "outcome",
                    now.minusSeconds(30),
                    "todo-frontend",
                    Map.of(
                        "decision_id",
                        "dec-new",
                        "action",
                        "scale_up",
                        "from_replicas",
                        2,
                        "to_replicas",
                        3,
                        "outcome",
                        "verified")),
                new AuditEntry(
                    "decision",
                    now.minusSeconds(20),
                    "todo-backend",
                    Map.of(
                        "decision_id",
                        "dec-b",
                        "action",
                        "no_action",
                        "rationale",
                        "within targets"))));
  }

  @Test
  void readsTheLastHourByDefaultOneLinePerRecord() {
    CliRunner r = CliRunner.run("audit", "--audit-dir", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(3);
    assertThat(r.out())
        .contains("dec-new")
        .contains("scale_up: cpu 85% > 70%")
        .contains("scale_up 2 -> 3: verified")
        .contains("todo-backend")
        .doesNotContain("dec-old");
  }

  @Test
  void filtersByServiceDecisionTypeAndSinceAndPrintsJson() throws Exception {
    CliRunner r =
        CliRunner.run(
            "audit",
            "--audit-dir",
            dir.toString(),
            "--service",
            "todo-frontend",
            "--since",
            "3h",
            "--type",
            "decision",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> records = r.out().lines().map(AuditCommandTest::json).toList();
    assertThat(records)
        .extracting(n -> n.get("decision_id").asText())
        .containsExactly("dec-old", "dec-new");
    assertThat(records)
        .allSatisfy(n -> assertThat(n.get("record_id").asText()).endsWith("/decision"));

    CliRunner one =
        CliRunner.run("audit", "--audit-dir", dir.toString(), "--decision", "dec-new", "--json");
    assertThat(
            one.out().lines().map(AuditCommandTest::json).map(n -> n.get("record_type").asText()))
        .containsExactly("decision", "outcome");
  }

  @Test
  void saysSoWhenNothingMatchesAndRefusesBadInput() {
    CliRunner none = CliRunner.run("audit", "--audit-dir", dir.toString(), "--service", "nope");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).contains("no records since").contains("for nope");

    CliRunner badSince =
        CliRunner.run("audit", "--audit-dir", dir.toString(), "--since", "yesterday");
    assertThat(badSince.exitCode()).isNotZero();
    assertThat(badSince.err()).contains("--since");

    CliRunner noDir = CliRunner.run("audit", "--audit-dir", dir.resolve("missing").toString());
    assertThat(noDir.exitCode()).isEqualTo(SpecopsCli.UNREACHABLE);
    assertThat(noDir.err()).contains("no audit directory").contains("--jdbc-url");

    CliRunner badLimit = CliRunner.run("audit", "--audit-dir", dir.toString(), "--limit", "0");
    assertThat(badLimit.exitCode()).isEqualTo(SpecopsCli.INVALID_INPUT);
    assertThat(badLimit.err()).contains("--limit must be 1 or more");

    // a misspelt type would match nothing and look like an empty trail
    CliRunner badType =
        CliRunner.run("audit", "--audit-dir", dir.toString(), "--type", "decisions");
    assertThat(badType.exitCode()).isEqualTo(SpecopsCli.INVALID_INPUT);
    assertThat(badType.err())
        .contains("--type: \"decisions\" is not a record type (decision, governance,");
  }

  @Test
  void anUnreachableDatabaseIsAClearErrorWithoutThePassword() {
    CliRunner r =
        CliRunner.run(
            "audit", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/specops", "--db-user", "specops");
    assertThat(r.exitCode()).isEqualTo(SpecopsCli.UNREACHABLE);
    assertThat(r.err())
        .contains("cannot read the audit trail from jdbc:postgresql://127.0.0.1:1/specops");
  }

  private static JsonNode json(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
