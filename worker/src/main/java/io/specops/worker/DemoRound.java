package io.specops.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditEntry;
import io.specops.audit.AuditLog;
import io.specops.service.ServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001 Steps 7-8 for a service the demo's round left alone: its execution record ("operation:
 * no_action, command: none") and its verification record ("no_verification_needed"), so the demo
 * shows every service through every step as the seed does. Only the demo writes them: a running
 * fleet records an idle evaluation as its decision alone (docs/scaling.md: idle must be cheap).
 */
final class DemoRound {
  private DemoRound() {}

  /**
   * Appends the two records for each service whose decisions in {@code records} were all no_action.
   */
  static List<AuditEntry> nothingToDo(
      AuditLog audit, List<JsonNode> records, List<ServiceStatus> statuses, Instant now) {
    List<AuditEntry> entries = new ArrayList<>();
    for (ServiceStatus s : statuses) {
      List<JsonNode> decisions =
          records.stream()
              .filter(r -> r.path("record_type").asText().equals("decision"))
              .filter(r -> r.path("service").asText().equals(s.service()))
              .toList();
      if (decisions.isEmpty()
          || decisions.stream().anyMatch(r -> !r.path("action").asText().equals("no_action"))) {
        continue;
      }
      String decisionId = decisions.get(decisions.size() - 1).path("decision_id").asText();
      Map<String, Object> execution = new LinkedHashMap<>();
      execution.put("service", s.service());
      execution.put("decision_id", decisionId);
      execution.put("operation", "no_action");
      execution.put("command", "none");
      execution.put("execution_order", "n/a");
      execution.put("estimated_duration", "0s");
      entries.add(
          new AuditEntry(
              "execution", now, s.service(), execution, decisionId + "/execution", s.namespace()));

      Map<String, Object> state = new LinkedHashMap<>();
      if (s.observed() != null) {
        state.put("replicas", s.observed().replicas());
        if (s.observed().metrics() != null) {
          state.put("cpu_utilization", s.observed().metrics().cpuUtilization());
          state.put("latency_p95", s.observed().metrics().latencyP95());
        }
      }
      if (s.health() != null) {
        state.put("status", s.health().status());
      }
      Map<String, Object> verification = new LinkedHashMap<>();
      verification.put("verification_id", decisionId.replaceFirst("^dec-", "ver-"));
      verification.put("service", s.service());
      verification.put("decision_id", decisionId);
      verification.put("outcome", "no_verification_needed");
      verification.put("rationale", "No operation executed, service remains stable");
      verification.put("current_state", state);
      entries.add(
          new AuditEntry(
              "verification",
              now,
              s.service(),
              verification,
              decisionId + "/verification",
              s.namespace()));
    }
    if (!entries.isEmpty()) {
      audit.append(entries);
    }
    return entries;
  }
}
