package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditEntry;
import io.specops.audit.AuditLog;
import io.specops.audit.AuditQuery;
import io.specops.audit.PostgresAuditSink;
import io.specops.cli.SpecopsCli;
import io.specops.client.FleetClient;
import io.specops.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail in a real PostgreSQL (Debian's package, initdb in a temporary directory): the
 * sink, the worker, the readers.
 */
class PostgresAuditIT {
  @TempDir Path work;

  @Test
  void insertsAreIdempotentOnRecordIdTheSchemaIsMigratedOnceAndQueriesFilter() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
      List<AuditEntry> batch =
          List.of(
              new AuditEntry(
                  "decision",
                  t,
                  "todo-frontend",
                  Map.of("decision_id", "dec-1", "action", "scale_up"),
                  "specops-service-todo-frontend/run-1/1",
                  "todo-app"),
              new AuditEntry(
                  "execution",
                  t.plusSeconds(1),
                  "todo-frontend",
                  ordered(
                      "operation_id",
                      "dec-1",
                      "operation_type",
                      "scale_up",
                      "previous_replicas",
                      2,
                      "target_replicas",
                      3,
                      "outcome",
                      "scaled"),
                  "specops-service-todo-frontend/run-1/2",
                  "todo-app"),
              new AuditEntry(
                  "execution",
                  t.plusSeconds(2),
                  "todo-frontend",
                  ordered(
                      "operation_id",
                      "dec-1-rollback",
                      "operation_type",
                      "rollback_scale_up",
                      "previous_replicas",
                      3,
                      "target_replicas",
                      2,
                      "outcome",
                      "scaled"),
                  "specops-service-todo-frontend/run-1/3",
                  "todo-app"),
              new AuditEntry(
                  "decision",
                  t.plusSeconds(3),
                  "todo-backend",
                  Map.of(
                      "decision_id",
                      "dec-2",
                      "action",
                      "no_action",
                      "webhook_url",
                      "https://hooks.example/secret")));
      try (PostgresAuditSink sink =
          new PostgresAuditSink(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)) {
        AuditLog log = new AuditLog(work).withoutFile().withSink(sink);
        log.append(batch);
        log.append(batch); // a retried activity writes the same batch again
      }
      // a restarted worker: Flyway finds the schema current, the rows are still there
      try (PostgresAuditSink again =
              new PostgresAuditSink(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
          Connection c = pg.connect();
          Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM audit_record"))
            .as("each record once")
            .isEqualTo(4);
        assertThat(count(s, "SELECT count(*) FROM specops_audit_schema_history WHERE success"))
            .as("each migration once")
            .isEqualTo(2);
        try (ResultSet rs =
            s.executeQuery(
                "SELECT record_id, record_type, service, decision_id, record->>'record_id',"
                    + " record->>'namespace' FROM audit_record ORDER BY recorded_at")) {
          List<List<String>> rows = new ArrayList<>();
          while (rs.next()) {
            rows.add(
                List.of(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    String.valueOf(rs.getString(4)),
                    rs.getString(5),
                    String.valueOf(rs.getString(6))));
          }
          assertThat(rows)
              .containsExactly(
                  List.of(
                      "specops-service-todo-frontend/run-1/1",
                      "decision",
                      "todo-frontend",
                      "dec-1",
                      "specops-service-todo-frontend/run-1/1",
                      "todo-app"),
                  List.of(
                      "specops-service-todo-frontend/run-1/2",
                      "execution",
                      "todo-frontend",
                      "dec-1",
                      "specops-service-todo-frontend/run-1/2",
                      "todo-app"),
                  List.of(
                      "specops-service-todo-frontend/run-1/3",
                      "execution",
                      "todo-frontend",
                      "dec-1",
                      "specops-service-todo-frontend/run-1/3",
                      "todo-app"),
                  List.of(
                      "dec-2/decision",
                      "decision",
                      "todo-backend",
                      "dec-2",
                      "dec-2/decision",
                      "null"));
        }
        assertThat(count(s, "SELECT count(*) FROM audit_record WHERE record::text LIKE '%secret%'"))
            .as("secrets redacted")
            .isZero();

        assertThat(ids(again.query(new AuditQuery(t, "todo-frontend", null, null, 100))))
            .containsExactly(
                "specops-service-todo-frontend/run-1/1",
                "specops-service-todo-frontend/run-1/2",
                "specops-service-todo-frontend/run-1/3");
        assertThat(ids(again.query(new AuditQuery(t, null, "dec-1", "execution", 100)))).hasSize(2);
        assertThat(ids(again.query(new AuditQuery(t.plusSeconds(3), null, null, null, 100))))
            .containsExactly("dec-2/decision");
        List<String> all = ids(again.query(new AuditQuery(t, null, null, null, 100)));
        assertThat(ids(again.query(new AuditQuery(t, null, null, null, 2))))
            .as("the newest two, oldest first")
            .containsExactlyElementsOf(all.subList(all.size() - 2, all.size()));
        // the readers' unfiltered query walks an index backwards (the newest first) instead of
        // sorting the table (a tiny table is cheaper to sort: the planner is told to avoid that, to
        // see the plan)
        s.execute("SET enable_seqscan = off");
        s.execute("SET enable_bitmapscan = off");
        s.execute("SET enable_sort = off");
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs =
            s.executeQuery(
                "EXPLAIN SELECT record FROM audit_record WHERE recorded_at >= now() - interval '1h'"
                    + " ORDER BY recorded_at DESC, record_id DESC LIMIT 100")) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString())
            .contains("Index Scan Backward using audit_record_time")
            .doesNotContain("Sort");
      }
    }
  }

  @Test
  void aDatabaseThatStopsAnsweringFailsTheWritesWithinTheAuditActivitysTimeoutAndTheReads()
      throws Exception {
    try (PostgresServer pg = PostgresServer.start();
        PostgresAuditSink sink =
            new PostgresAuditSink(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)) {
      AuditLog log = new AuditLog(work.resolve("audit")).withSink(sink);
      Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      log.append(List.of(decision(t, "dec-1"))); // the pool now holds an open connection
      // the audit activity has 10 s; the driver's default waits for an answer forever
      failsWhileFrozen(
          pg,
          "write to",
          Duration.ofSeconds(10),
          () -> log.append(List.of(decision(t.plusSeconds(1), "dec-2"))),
          "cannot write audit records to PostgreSQL");
      assertThat(log.read(t.atZone(java.time.ZoneOffset.UTC).toLocalDate()))
          .as("the file has both records")
          .hasSize(2);
      log.append(List.of(decision(t.plusSeconds(2), "dec-3")));
      try (Connection c = pg.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_record")) {
        rs.next();
        assertThat(rs.getInt(1)).as("rows once the database answers again").isEqualTo(2);
      }

      // a reader (the REST API, the dashboard, specops audit) on a connection the pool hands out
      // unchecked (used in the last 500 ms): it gets an error instead of hanging with the
      // database, and the connection goes back to the pool the writes share
      AuditQuery all = new AuditQuery(t, null, null, null, 100);
      assertThat(sink.query(all)).hasSize(2);
      failsWhileFrozen(
          pg,
          "read from",
          Duration.ofSeconds(25),
          () -> sink.query(all),
          "cannot read audit records from PostgreSQL");
      assertThat(sink.query(all)).as("reads once the database answers again").hasSize(2);
    }
  }

  /**
   * Runs {@code call} with the database frozen: it must fail within {@code limit}, naming the
   * failure, instead of waiting for the database.
   */
  private static void failsWhileFrozen(
      PostgresServer pg, String what, Duration limit, Executable call, String message)
      throws Exception {
    pg.freeze(true);
    try {
      Instant began = Instant.now();
      assertThatThrownBy(() -> assertTimeoutPreemptively(limit, call))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(message);
      System.out.printf(
          "%s a frozen PostgreSQL failed after %d ms%n",
          what, Duration.between(began, Instant.now()).toMillis());
    } finally {
      pg.freeze(false);
    }
  }

  private static AuditEntry decision(Instant at, String id) {
    return new AuditEntry(
        "decision",
        at,
        "todo-frontend",
        Map.of("decision_id", id, "action", "scale_up"),
        "specops-service-todo-frontend/run-1/" + id,
        "todo-app");
  }

  @Test
  void aWrongPasswordIsAClearErrorThatDoesNotRepeatIt() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      assertThatThrownBy(
              () ->
                  new PostgresAuditSink(
                      pg.jdbcUrl(),
                      PostgresServer.USER,
                      "wrong-password-91c",
                      Duration.ofSeconds(2)))
          .satisfies(
              e -> {
                String all = messages(e);
                assertThat(all).contains("password authentication failed for user \"specops\"");
                assertThat(all).doesNotContain("wrong-password-91c");
              });
      assertThat(pg.log())
          .doesNotContain("wrong-password-91c")
          .doesNotContain(PostgresServer.PASSWORD);
    }
  }

  /**
   * Seed 001 with the worker writing only to PostgreSQL: the REST API and `specops audit` read it
   * back.
   */
  @Test
  void aWorkerWritesSeed001ToPostgresAndTheReadersFindIt() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      Path password = work.resolve("db-password");
      Files.writeString(password, PostgresServer.PASSWORD + "\n");
      try (TestWorker worker =
          TestWorker.start(
              work,
              "seed-001",
              false,
              "--specops.audit.sinks=postgres",
              "--specops.audit.postgres.url=" + pg.jdbcUrl(),
              "--specops.audit.postgres.password-file=" + password)) {
        FleetClient client = DashboardIT.client(worker.target());
        client.startFleet("default", null, worker.blueprints().toString(), null, null);
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> "verified".equals(RealTemporalIT.outcome(client, "todo-frontend")));
        String decision = client.status("todo-frontend").lastOperation().decisionId();

        // every record of the decision, once each, in the table
        await().atMost(Duration.ofSeconds(20)).until(() -> types(pg, decision).contains("outcome"));
        assertThat(types(pg, decision))
            .contains("decision", "governance", "execution", "verification", "outcome");
        assertThat(Files.exists(work.resolve("audit")))
            .as("no file sink configured, no file")
            .isFalse();

        HttpResponse<String> rest =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + worker.httpPort()
                                    + "/api/v1/audit?decision="
                                    + decision))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        List<String> restIds = new ArrayList<>();
        Json.mapper()
            .readTree(rest.body())
            .get("records")
            .forEach(r -> restIds.add(r.get("record_id").asText()));
        assertThat(restIds).hasSize(types(pg, decision).size()).doesNotHaveDuplicates();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
            SpecopsCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "audit",
                "--jdbc-url",
                pg.jdbcUrl(),
                "--db-password-file",
                password.toString(),
                "--decision",
                decision,
                "--json");
        assertThat(code).as(err.toString()).isZero();
        assertThat(
                out.toString()
                    .lines()
                    .map(
                        l -> {
                          try {
                            return Json.mapper().readTree(l).get("record_id").asText();
                          } catch (IOException e) {
                            throw new AssertionError(l, e);
                          }
                        })
                    .toList())
            .containsExactlyElementsOf(restIds);
        assertThat(out.toString() + err).doesNotContain(PostgresServer.PASSWORD);
      }
    }
  }

  private static List<String> types(PostgresServer pg, String decision) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = pg.connect();
        var s =
            c.prepareStatement(
                "SELECT record_type FROM audit_record WHERE decision_id = ?"
                    + " ORDER BY recorded_at, record_id")) {
      s.setString(1, decision);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> ids(List<JsonNode> records) {
    return records.stream().map(r -> r.get("record_id").asText()).toList();
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }
}
