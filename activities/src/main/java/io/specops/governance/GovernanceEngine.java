package io.specops.governance;

import io.specops.blueprint.Blueprint;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies a decision against its blueprint's rules (seed 001 Step 5): allowed,
 * requires_approval, denied, or n/a when nothing is proposed. A target outside [min, max] is denied
 * whatever else the blueprint says. Every verdict cites the blueprint fields it used.
 */
public final class GovernanceEngine {

  public Verdict evaluate(Blueprint bp, Decision decision, Instant now) {
    String id = DecisionIds.governanceFor(decision.decisionId());
    if (!decision.action().isScaling()) {
      return new Verdict(
          id,
          bp.name(),
          decision.decisionId(),
          Classification.NOT_APPLICABLE,
          false,
          "No operation proposed, no governance check needed",
          List.of(),
          List.of());
    }
    Blueprint.Scaling scaling = bp.spec().scaling();
    Blueprint.Governance g = bp.spec().governance();
    Action action = decision.action();
    int target = decision.targetReplicas();
    String limits = "(" + scaling.minReplicas() + "-" + scaling.maxReplicas() + ")";

    if (target < scaling.minReplicas() || target > scaling.maxReplicas()) {
      return denied(
          id,
          bp,
          decision,
          "Target replicas (" + target + ") outside blueprint limits " + limits,
          List.of(bp.ref("spec.scaling.min_replicas"), bp.ref("spec.scaling.max_replicas")));
    }
    if (g.deniedOperations().contains(action)) {
      return denied(
          id,
          bp,
          decision,
          action.wire() + " is a denied operation for " + bp.name(),
          List.of(bp.ref("spec.governance.denied_operations")));
    }
    if (!g.allowedOperations().contains(action)) {
      return denied(
          id,
          bp,
          decision,
          action.wire() + " is not among the allowed operations for " + bp.name(),
          List.of(bp.ref("spec.governance.allowed_operations")));
    }
    int frozen = FreezeWindows.activeIndex(g.changeFreeze(), now);
    if (frozen >= 0) {
      return denied(
          id,
          bp,
          decision,
          "Change freeze in effect: " + FreezeWindows.describe(g.changeFreeze().get(frozen)),
          List.of(bp.ref("spec.governance.change_freeze[" + frozen + "]")));
    }

    List<String> reasons = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    Blueprint.ApprovalRules rules = g.requireApproval();
    if (action == Action.SCALE_UP && rules.scaleUp()) {
      reasons.add("every scale_up needs approval");
      refs.add(bp.ref("spec.governance.require_approval.scale_up"));
    }
    if (action == Action.SCALE_DOWN && rules.scaleDown()) {
      reasons.add("every scale_down needs approval");
      refs.add(bp.ref("spec.governance.require_approval.scale_down"));
    }
    if (rules.stepAbove() != null && decision.step() > rules.stepAbove()) {
      reasons.add("a step of " + decision.step() + " replicas is larger than " + rules.stepAbove());
      refs.add(bp.ref("spec.governance.require_approval.step_above"));
    }
    if (rules.replicasAbove() != null && target > rules.replicasAbove()) {
      reasons.add("target replicas (" + target + ") above " + rules.replicasAbove());
      refs.add(bp.ref("spec.governance.require_approval.replicas_above"));
    }
    String bound =
        action == Action.SCALE_UP ? "spec.scaling.max_replicas" : "spec.scaling.min_replicas";
    if (!reasons.isEmpty()) {
      refs.add(bp.ref("spec.governance.approvers"));
      return new Verdict(
          id,
          bp.name(),
          decision.decisionId(),
          Classification.REQUIRES_APPROVAL,
          true,
          "Target replicas ("
              + target
              + ") within blueprint limits "
              + limits
              + ", but approval is required: "
              + String.join("; ", reasons)
              + ". Approvers: "
              + String.join(", ", g.approvers()),
          List.copyOf(refs),
          g.approvers());
    }
    return new Verdict(
        id,
        bp.name(),
        decision.decisionId(),
        Classification.ALLOWED,
        false,
        "Target replicas (" + target + ") within blueprint limits " + limits,
        List.of(bp.ref(bound)),
        List.of());
  }

  private static Verdict denied(
      String id, Blueprint bp, Decision decision, String rationale, List<String> refs) {
    return new Verdict(
        id,
        bp.name(),
        decision.decisionId(),
        Classification.DENIED,
        false,
        rationale,
        refs,
        List.of());
  }
}
