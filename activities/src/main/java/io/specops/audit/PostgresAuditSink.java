package io.specops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.specops.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The audit trail in PostgreSQL: table {@code audit_record} (created and migrated by Flyway at
 * start, db/audit/V*.sql), one row per record, inserts idempotent on {@code record_id}. The
 * password comes from the environment or a file and is never logged.
 */
public final class PostgresAuditSink implements AuditSink, AutoCloseable {
  private static final String INSERT =
      "INSERT INTO audit_record (record_id, record_type, recorded_at, service, decision_id, record)"
          + " VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (record_id) DO NOTHING";

  /**
   * The audit activity has 10 s for the whole write, the file included: a pooled connection is
   * waited for at most 3 s, and the database's answer to the insert at most 5 s. PostgreSQL's
   * driver waits for an answer forever by default, so a database that stopped answering held the
   * write (and its pooled connection) past the activity's timeout, attempt after attempt.
   */
  static final Duration CONNECTION_WAIT = Duration.ofSeconds(3);

  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A read (the REST API, the dashboard, {@code specops audit}) waits at most 15 s for the
   * database's answer: without it a request hung with the database, and held one of the pool's four
   * connections, which the writes share, for as long.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private final HikariDataSource data;

  public PostgresAuditSink(String jdbcUrl, String user, String password) {
    this(jdbcUrl, user, password, Duration.ofSeconds(30));
  }

  /**
   * {@code connectTimeout}: how long to keep trying to reach the database at start before failing.
   */
  public PostgresAuditSink(String jdbcUrl, String user, String password, Duration connectTimeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setPoolName("specops-audit");
    config.setInitializationFailTimeout(connectTimeout.toMillis());
    config.setConnectionTimeout(
        Math.max(250, Math.min(connectTimeout.toMillis(), CONNECTION_WAIT.toMillis())));
    this.data = new HikariDataSource(config);
    Flyway.configure()
        .dataSource(data)
        .locations("classpath:db/audit")
        .table("specops_audit_schema_history")
        .load()
        .migrate();
  }

  public DataSource dataSource() {
    return data;
  }

  @Override
  public void write(List<ObjectNode> records) {
    try (Connection c = data.getConnection();
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      // reset when the pool takes the connection back
      c.setNetworkTimeout(Runnable::run, (int) WRITE_TIMEOUT.toMillis());
      c.setAutoCommit(false);
      for (ObjectNode r : records) {
        insert.setString(1, r.path("record_id").asText());
        insert.setString(2, r.path("record_type").asText());
        insert.setTimestamp(3, Timestamp.from(Instant.parse(r.path("timestamp").asText())));
        insert.setString(4, r.path("service").asText());
        insert.setString(5, AuditQuery.decisionOf(r));
        insert.setString(6, Json.write(r));
        insert.addBatch();
      }
      insert.executeBatch();
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot write audit records to PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** Records matching the query, oldest first. */
  public List<JsonNode> query(AuditQuery q) {
    StringBuilder sql = new StringBuilder("SELECT record FROM audit_record WHERE recorded_at >= ?");
    List<Object> args = new ArrayList<>(List.of(Timestamp.from(q.since())));
    if (q.service() != null) {
      sql.append(" AND service = ?");
      args.add(q.service());
    }
    if (q.decisionId() != null) {
      sql.append(" AND decision_id = ?");
      args.add(q.decisionId());
    }
    if (q.recordType() != null) {
      sql.append(" AND record_type = ?");
      args.add(q.recordType());
    }
    // the newest `limit`, read backwards along the (recorded_at, record_id) index, then turned
    // oldest first here: no sort in the database
    sql.append(" ORDER BY recorded_at DESC, record_id DESC LIMIT ?");
    args.add(q.limit());
    List<JsonNode> out = new ArrayList<>();
    try (Connection c = data.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      c.setNetworkTimeout(Runnable::run, (int) READ_TIMEOUT.toMillis());
      for (int i = 0; i < args.size(); i++) {
        s.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(Json.mapper().readTree(rs.getString(1)));
        }
      }
      Collections.reverse(out);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read audit records from PostgreSQL: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public void close() {
    data.close();
  }
}
