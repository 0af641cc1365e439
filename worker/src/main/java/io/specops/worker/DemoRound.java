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
import java.util.stream.StreamSupport;

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
      AuditLog audit,
      List<JsonNode> records,
      List<ServiceStatus> statuses,
      Instant now,
      String fleet) {
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
    AuditEntry independence = independence(records, statuses, now, fleet);
    if (independence != null) {
      entries.add(0, independence);
    }
    if (!entries.isEmpty()) {
      audit.append(entries);
    }
    return entries;
  }

  /**
   * Seed 001 Step 6 for the round: the coordinator writes it when several services compete for
   * capacity; when only one asked (or none), the demo writes it from what each service decided on:
   * its own blueprint (every governance reference points into it), cooldowns and breaker.
   */
  private static AuditEntry independence(
      List<JsonNode> records, List<ServiceStatus> statuses, Instant now, String fleet) {
    boolean coordinatorWroteIt =
        records.stream().anyMatch(r -> r.path("record_type").asText().equals("independence"));
    List<ServiceStatus> decided =
        statuses.stream()
            .filter(
                s ->
                    records.stream()
                        .anyMatch(
                            r ->
                                r.path("record_type").asText().equals("decision")
                                    && r.path("service").asText().equals(s.service())))
            .toList();
    if (coordinatorWroteIt || decided.size() < 2) {
      return null;
    }
    Map<String, Object> verification = new LinkedHashMap<>();
    boolean allOwn = true;
    for (ServiceStatus s : decided) {
      boolean own =
          records.stream()
              .filter(r -> r.path("record_type").asText().equals("governance"))
              .filter(r -> r.path("service").asText().equals(s.service()))
              .flatMap(
                  r -> StreamSupport.stream(r.path("blueprint_references").spliterator(), false))
              .allMatch(ref -> ref.asText().startsWith(s.blueprintSource() + ":"));
      verification.put(s.service() + "_decision_independent", own);
      allOwn &= own;
    }
    verification.put("no_cross_service_interference", allOwn);
    verification.put("separate_blueprints_used", allOwn);
    verification.put("separate_metrics_collected", true);
    verification.put("separate_governance_applied", allOwn);
    verification.put(
        "rationale",
        "Each service decided on its own blueprint, metrics and governance; no operation affected another.");
    Map<String, Object> cooldowns = new LinkedHashMap<>();
    Map<String, Object> breakers = new LinkedHashMap<>();
    for (ServiceStatus s : decided) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put(
          "scale_up_until",
          s.cooldownScaleUpUntil() == null ? null : s.cooldownScaleUpUntil().toString());
      one.put(
          "scale_down_until",
          s.cooldownScaleDownUntil() == null ? null : s.cooldownScaleDownUntil().toString());
      cooldowns.put(s.service(), one);
      breakers.put(s.service(), s.breaker() == null ? null : s.breaker().state());
    }
    Map<String, Object> proof = new LinkedHashMap<>();
    proof.put("separate_cooldown_timers", cooldowns);
    proof.put("separate_circuit_breakers", breakers);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("fleet", fleet);
    record.put("event", "independence");
    record.put("round_id", "demo-" + now.toString());
    record.put("independence_verification", verification);
    record.put("service_isolation_proof", proof);
    return new AuditEntry(
        "independence", now, "fleet/" + fleet, record, "demo/" + now + "/independence", null);
  }
}
