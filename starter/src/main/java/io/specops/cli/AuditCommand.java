package io.specops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditQuery;
import io.specops.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads the audit trail: from PostgreSQL when given a JDBC URL, else from the JSON-lines files. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Read the audit trail, newest last: decisions, approvals, operations, verifications, "
          + "conflicts.",
      "From PostgreSQL with --jdbc-url (password: --db-password-file or "
          + "$SPECOPS_AUDIT_POSTGRES_PASSWORD), else from the JSON-lines files under --audit-dir."
    })
final class AuditCommand implements Callable<Integer> {
  @Option(names = "--service", paramLabel = "SERVICE", description = "Only this service")
  String service;

  @Option(names = "--decision", paramLabel = "ID", description = "Only records of this decision")
  String decision;

  @Option(
      names = "--type",
      paramLabel = "T",
      description = "Only this record_type (decision, governance, execution, ...)")
  String type;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = Converters.HumanDuration.class,
      description = "How far back (default: ${DEFAULT-VALUE})")
  Duration since;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "200",
      description = "The newest N of those since (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "One JSON record per line")
  boolean json;

  @Mixin AuditSource source;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new CliException(SpecopsCli.INVALID_INPUT, "--limit must be 1 or more");
    }
    AuditQuery q;
    try {
      q = new AuditQuery(Instant.now().minus(since), service, decision, type, limit);
    } catch (IllegalArgumentException e) {
      throw new CliException(SpecopsCli.INVALID_INPUT, "--" + e.getMessage());
    }
    List<JsonNode> records = source.query(q);
    PrintWriter out = spec.commandLine().getOut();
    for (JsonNode r : records) {
      if (json) {
        out.println(Json.write(r));
      } else {
        out.printf(
            "%s  %-14s %-12s %-44s %s%n",
            r.path("timestamp").asText(),
            r.path("service").asText(),
            r.path("record_type").asText(),
            r.path("decision_id").asText(r.path("operation_id").asText("")),
            summary(r));
      }
    }
    if (!json && records.isEmpty()) {
      out.println("no records since " + q.since() + (service == null ? "" : " for " + service));
    }
    return 0;
  }

  private static String summary(JsonNode r) {
    return switch (r.path("record_type").asText()) {
      case "decision" -> r.path("action").asText() + ": " + r.path("rationale").asText();
      case "governance" -> r.path("classification").asText() + ": " + r.path("rationale").asText();
      case "execution" ->
          r.path("operation_type").asText()
              + " "
              + r.path("previous_replicas").asInt()
              + " -> "
              + r.path("target_replicas").asInt()
              + " "
              + r.path("outcome").asText();
      case "verification" -> r.path("outcome").asText();
      case "outcome" ->
          r.path("action").asText()
              + " "
              + r.path("from_replicas").asInt()
              + " -> "
              + r.path("to_replicas").asInt()
              + ": "
              + r.path("outcome").asText();
      default ->
          r.path("event").asText("")
              + (r.hasNonNull("reason") ? ": " + r.get("reason").asText() : "");
    };
  }
}
