package io.specops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditLog;
import io.specops.audit.AuditQuery;
import io.specops.audit.PostgresAuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a command reads the audit trail the worker writes: PostgreSQL when given a JDBC URL, else
 * the JSON-lines files under a directory (the worker's default, when run from the same place).
 */
final class AuditSource {
  @Option(
      names = "--audit-dir",
      defaultValue = "logs/agent-decisions",
      paramLabel = "DIR",
      description = "The audit files' directory (default: ${DEFAULT-VALUE})")
  Path auditDir;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = {
        "Read the audit trail from the PostgreSQL at this JDBC URL, e.g.:",
        "jdbc:postgresql://db:5432/specops"
      })
  String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      defaultValue = "specops",
      description = "The database user (default: ${DEFAULT-VALUE})")
  String user;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description = "A file holding the password (else $SPECOPS_AUDIT_POSTGRES_PASSWORD)")
  Path passwordFile;

  /** Whether there is a trail to read: a JDBC URL was given, or the directory exists. */
  boolean available() {
    return jdbcUrl != null || Files.isDirectory(auditDir);
  }

  /** Where the trail is read from, for messages. */
  String describe() {
    return jdbcUrl != null ? jdbcUrl : auditDir.toString();
  }

  /** The records {@code q} selects; a trail that cannot be read is a {@link CliException}. */
  List<JsonNode> query(AuditQuery q) {
    if (jdbcUrl == null) {
      if (!Files.isDirectory(auditDir)) {
        throw new CliException(
            SpecopsCli.UNREACHABLE,
            "no audit directory " + auditDir + " (--audit-dir, or --jdbc-url)");
      }
      return new AuditLog(auditDir).query(q);
    }
    String password;
    try {
      password =
          passwordFile != null
              ? Files.readString(passwordFile).strip()
              : System.getenv().getOrDefault("SPECOPS_AUDIT_POSTGRES_PASSWORD", "");
    } catch (IOException e) {
      throw new CliException(
          SpecopsCli.UNREACHABLE, "cannot read --db-password-file " + passwordFile + ": " + e);
    }
    try (PostgresAuditSink db =
        new PostgresAuditSink(jdbcUrl, user, password, Duration.ofSeconds(5))) {
      return db.query(q);
    } catch (RuntimeException e) {
      throw new CliException(
          SpecopsCli.UNREACHABLE,
          "cannot read the audit trail from " + jdbcUrl + ": " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
