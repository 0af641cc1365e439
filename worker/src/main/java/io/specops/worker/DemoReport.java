package io.specops.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.coordination.ClusterCapacity;
import io.specops.coordination.FleetDashboard;
import io.specops.json.Json;
import io.specops.kubernetes.QuotaShare;
import io.specops.service.ServiceStatus;
import io.specops.simulation.SimulatedCluster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the demo prints: progress while it runs, then the timeline, the audit records and the
 * dashboard.
 */
final class DemoReport {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Something that happened, for the timeline. */
  record Event(Instant at, String service, String kind, String text) {}

  private final PrintStream out;
  private final Instant start;

  DemoReport(PrintStream out, Instant start) {
    this.out = out;
    this.start = start;
  }

  Instant start() {
    return start;
  }

  void header(SpecopsProperties properties, SimulatedCluster cluster, List<Blueprint> blueprints) {
    out.println(
        "SpecOps demo: scenario "
            + cluster.scenario().name()
            + " ("
            + cluster.scenario().description()
            + ")");
    out.println(
        "Embedded default: in-process Temporal (time-skipping test server), simulated cluster at "
            + cluster.masterUrl()
            + ", metrics at "
            + cluster.metricsUrl());
    out.println(
        "Blueprints: "
            + String.join(
                ", ", blueprints.stream().map(b -> b.source() + " (" + b.name() + ")").toList()));
    out.println(
        "Times are on the scenario's clock (UTC); it advances "
            + Quantities.formatDuration(properties.demo().step())
            + " per step, faster than real time.");
    out.println();
  }

  void progress(
      Instant now,
      List<ServiceStatus> statuses,
      Map<String, Integer> ready,
      Map<String, Integer> desired) {
    StringBuilder line = new StringBuilder("[" + CLOCK.format(now) + "]");
    for (ServiceStatus s : statuses) {
      line.append("  ")
          .append(s.service())
          .append(": ")
          .append(ready.getOrDefault(s.service(), 0))
          .append('/')
          .append(desired.getOrDefault(s.service(), 0))
          .append(" ready, ")
          .append(s.phase());
      if (s.lastDecision() != null) {
        String action = s.lastDecision().action().wire();
        String outcome = s.lastDecision().outcome().wire();
        line.append(" (")
            .append(action)
            .append(action.equals(outcome) ? "" : ", " + outcome)
            .append(')');
      }
    }
    out.println(line);
  }

  /** Something that happened in the cluster between progress lines (a job ending). */
  void note(Instant at, String text) {
    out.printf("[%s]  %s%n", CLOCK.format(at), text);
  }

  void timeline(List<JsonNode> records, List<Event> podEvents) {
    List<Event> events = new ArrayList<>(podEvents);
    for (JsonNode r : records) {
      events.add(
          new Event(
              Instant.parse(r.get("timestamp").asText()),
              r.path("service").asText(),
              r.path("record_type").asText(),
              describe(r)));
    }
    events.sort(Comparator.comparing(Event::at));
    out.println();
    out.println("Timeline Summary");
    for (Event e : events) {
      out.printf("%s  %-14s %-13s %s%n", CLOCK.format(e.at()), e.service(), e.kind(), e.text());
    }
  }

  /** Every record, except repeats of a service's idle evaluations (the timeline lists those). */
  void records(List<JsonNode> records, boolean compact) {
    out.println();
    out.println("Audit records (" + records.size() + ", as appended to the audit log)");
    Set<String> idleShown = new HashSet<>();
    int skipped = 0;
    for (JsonNode r : records) {
      String type = r.path("record_type").asText();
      boolean idle =
          type.equals("decision") && r.path("action").asText().equals("no_action")
              || type.equals("governance") && r.path("classification").asText().equals("n/a");
      if (idle && !idleShown.add(r.path("service").asText() + "/" + type)) {
        skipped++;
        continue;
      }
      if (type.equals("evidence") && !compact) {
        // a report reads better as itself; its JSON is in the audit log
        out.println(r.path("text").asText());
        continue;
      }
      out.println(compact ? Json.write(r) : Json.writePretty(r));
    }
    if (skipped > 0) {
      out.println(
          "... and "
              + skipped
              + " more no_action decision and n/a governance records (in the audit log and the timeline)");
    }
  }

  void dashboard(
      List<ServiceStatus> statuses,
      ClusterCapacity capacity,
      List<Blueprint> blueprints,
      Instant now) {
    long minCpu =
        blueprints.stream().mapToLong(b -> b.spec().resources().cpuRequestMillis()).min().orElse(0);
    long minMemory =
        blueprints.stream()
            .mapToLong(b -> b.spec().resources().memoryRequestBytes())
            .min()
            .orElse(0);
    out.println();
    out.print(FleetDashboard.render(statuses, capacity, minCpu, minMemory, now));
  }

  void footer(boolean settled, Duration scenarioTime, Path auditFile) {
    out.println();
    out.println(
        (settled ? "Done" : "Stopped before every operation ended")
            + " after "
            + Quantities.formatElapsed(scenarioTime)
            + " of scenario time. Audit log: "
            + auditFile
            + " (jq '.service' "
            + auditFile
            + ")");
  }

  static String describe(JsonNode r) {
    return switch (r.path("record_type").asText()) {
      case "decision" ->
          r.path("action").asText()
              + (r.path("action").asText().equals("no_action")
                  ? ""
                  : " "
                      + r.path("current_replicas").asInt()
                      + " -> "
                      + r.path("target_replicas").asInt())
              + (r.has("weighted_utilization")
                  ? " (weighted "
                      + Quantities.formatPercent(r.get("weighted_utilization").asDouble())
                      + ")"
                  : "")
              + " "
              + r.path("decision_id").asText();
      case "governance" -> r.path("classification").asText() + ": " + r.path("rationale").asText();
      case "execution" ->
          r.path("operation").asText().equals("no_action")
              ? "none: no operation (command none)"
              : r.path("operation_type").asText()
                  + " "
                  + r.path("previous_replicas").asInt()
                  + " -> "
                  + r.path("target_replicas").asInt()
                  + ": "
                  + r.path("execution").path("stdout").asText()
                  + " ("
                  + r.path("execution").path("duration").asText()
                  + ")";
      case "verification" ->
          r.path("outcome").asText()
              + (r.has("checks") ? checks(r) : ": " + r.path("rationale").asText());
      case "outcome" ->
          r.path("action").asText()
              + " "
              + r.path("from_replicas").asInt()
              + " -> "
              + r.path("to_replicas").asInt()
              + ": "
              + r.path("outcome").asText()
              + (r.has("cpu_before") && r.has("cpu_after")
                  ? " (cpu "
                      + Quantities.formatPercent(r.get("cpu_before").asDouble())
                      + " -> "
                      + Quantities.formatPercent(r.get("cpu_after").asDouble())
                      + (r.has("latency_before") && r.has("latency_after")
                          ? ", p95 "
                              + Math.round(r.get("latency_before").asDouble())
                              + "ms -> "
                              + Math.round(r.get("latency_after").asDouble())
                              + "ms"
                          : "")
                      + ")"
                  : "")
              + " "
              + r.path("decision_id").asText();
      case "approval" ->
          r.path("event").asText()
              + (r.hasNonNull("approver") ? " by " + r.get("approver").asText() : "")
              + (r.hasNonNull("reason") ? ": " + r.get("reason").asText() : "");
      case "conflict" -> conflict(r);
      case "independence" ->
          "decided independently; no_cross_service_interference: "
              + r.path("independence_verification").path("no_cross_service_interference").asText();
      case "evidence" ->
          "report "
              + r.path("report_id").asText()
              + " ("
              + r.path("trigger").asText()
              + "): "
              + r.path("summary").asText();
      case "fleet" ->
          r.path("event").asText()
              + (r.hasNonNull("workflow_id") ? " " + r.get("workflow_id").asText() : "")
              + (r.hasNonNull("reason") ? ": " + r.get("reason").asText() : "");
      default ->
          r.path("event").asText(r.path("record_type").asText())
              + (r.hasNonNull("reason") ? ": " + r.get("reason").asText() : "");
    };
  }

  private static String conflict(JsonNode r) {
    if (!r.has("conflict_detection")) {
      return r.path("conflict_type").asText() + ": " + r.path("rationale").asText();
    }
    JsonNode d = r.get("conflict_detection");
    JsonNode check = d.path("capacity_check");
    StringBuilder out =
        new StringBuilder(d.path("conflict_type").asText())
            .append(": ")
            .append(d.path("total_resources_requested").path("total_cpu").asText())
            .append(" CPU requested, ")
            .append(d.path("cluster_capacity").path("cpu_available").asText())
            .append(" available");
    if (check.has("cpu_shortfall")) {
      out.append(" (shortfall ").append(check.get("cpu_shortfall").asText()).append(')');
    }
    // the shared resource (a fleet budget, a namespace's quota) that was short, when one was
    d.path("shared_resources")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().has("shortfall")) {
                out.append("; ")
                    .append(e.getKey())
                    .append(' ')
                    .append(
                        QuotaShare.format(e.getKey(), e.getValue().path("requested").asDouble()))
                    .append(" requested, ")
                    .append(
                        QuotaShare.format(e.getKey(), e.getValue().path("available").asDouble()))
                    .append(" available (shortfall ")
                    .append(
                        QuotaShare.format(e.getKey(), e.getValue().path("shortfall").asDouble()))
                    .append(')');
              }
            });
    out.append("; ").append(r.path("conflict_resolution").path("strategy").asText()).append(':');
    r.path("conflict_resolution")
        .path("services")
        .properties()
        .forEach(
            e ->
                out.append(' ')
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue().path("action").asText())
                    .append(" (score ")
                    .append(e.getValue().path("priority_score").asInt())
                    .append(
                        e.getValue().has("defer_duration")
                            ? ", " + e.getValue().get("defer_duration").asText()
                            : "")
                    .append(')'));
    return out.toString();
  }

  private static String checks(JsonNode r) {
    List<String> parts = new ArrayList<>();
    for (JsonNode c : r.path("checks")) {
      parts.add(
          c.path("check").asText()
              + " "
              + c.path("actual").asText()
              + " ("
              + c.path("status").asText()
              + ")");
    }
    return parts.isEmpty() ? "" : ": " + String.join(", ", parts);
  }
}
