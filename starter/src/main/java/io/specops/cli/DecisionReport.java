package io.specops.cli;

import static io.specops.blueprint.Quantities.formatPercent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.governance.Verdict;
import io.specops.json.Json;
import io.specops.metrics.Metrics;

/** Renders a decision and its verdict for people (a table) and for scripts (seed-shaped JSON). */
final class DecisionReport {
  private DecisionReport() {}

  static ObjectNode json(Decision decision, Verdict verdict) {
    ObjectNode node = Json.mapper().valueToTree(decision.withoutObservation());
    node.remove("decided_at");
    ObjectNode governance = node.putObject("governance");
    governance.put("governance_check_id", verdict.governanceCheckId());
    governance.put("classification", verdict.classification().wire());
    governance.put("requires_approval", verdict.requiresApproval());
    governance.put("rationale", verdict.rationale());
    governance.set(
        "blueprint_references", Json.mapper().valueToTree(verdict.blueprintReferences()));
    if (!verdict.approvers().isEmpty()) {
      governance.set("approvers", Json.mapper().valueToTree(verdict.approvers()));
    }
    return node;
  }

  static String text(Blueprint bp, Decision d, Verdict v) {
    StringBuilder out = new StringBuilder();
    out.append("Decision   ").append(d.decisionId()).append("  ").append(d.service()).append('\n');
    String change =
        d.action().isScaling()
            ? " (" + d.currentReplicas() + " -> " + d.targetReplicas() + ")"
            : " (stays at " + d.currentReplicas() + ")";
    row(out, "action", d.action().wire() + change);
    if (d.weightedUtilization() != null) {
      Blueprint.Weights w = bp.spec().evaluation().weights();
      Metrics m = d.observed().metrics();
      double latencyRatio = m.latencyP95() / bp.spec().performance().latencyP95Target().toMillis();
      row(
          out,
          "weighted",
          formatPercent(d.weightedUtilization())
              + "  = "
              + w.cpu()
              + " x cpu "
              + formatPercent(m.cpuUtilization())
              + " + "
              + w.memory()
              + " x memory "
              + formatPercent(m.memoryUtilization())
              + " + "
              + w.latency()
              + " x p95/target "
              + formatPercent(latencyRatio));
    }
    row(out, "rationale", d.rationale());
    out.append("Governance ").append(v.governanceCheckId()).append('\n');
    row(out, "classification", v.classification().wire());
    row(out, "rationale", v.rationale());
    for (String ref : v.blueprintReferences()) {
      row(out, "relies on", ref);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append(String.format("  %-15s %s%n", label, value));
  }
}
