package io.specops.coordination;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service workflow's page in the Temporal Web UI says about it (its static details,
 * markdown): which workload it scales, within which bounds, on which thresholds, who approves.
 */
final class ServiceCard {
  private ServiceCard() {}

  static String of(Blueprint bp) {
    Blueprint.Scaling s = bp.spec().scaling();
    Blueprint.Governance g = bp.spec().governance();
    List<String> needs = new ArrayList<>();
    if (g.requireApproval().scaleUp()) {
      needs.add("every scale-up");
    }
    if (g.requireApproval().scaleDown()) {
      needs.add("every scale-down");
    }
    if (g.requireApproval().stepAbove() != null) {
      needs.add("steps above " + g.requireApproval().stepAbove());
    }
    if (g.requireApproval().replicasAbove() != null) {
      needs.add("more than " + g.requireApproval().replicasAbove() + " replicas");
    }
    return "**Scales** "
        + bp.spec().target().kind()
        + " "
        + bp.metadata().namespace()
        + "/"
        + bp.spec().target().name()
        + " between "
        + s.minReplicas()
        + " and "
        + s.maxReplicas()
        + " replicas, at most "
        + s.maxStep()
        + " at a time\n\n"
        + "**Up** above "
        + Quantities.formatPercent(s.scaleUpThreshold())
        + " weighted utilization, **down** below "
        + Quantities.formatPercent(s.scaleDownThreshold())
        + "; target cpu "
        + Quantities.formatPercent(s.targetCpuUtilization())
        + ", p95 "
        + Quantities.formatDuration(bp.spec().performance().latencyP95Target())
        + "\n\n"
        + "**Evaluated** every "
        + Quantities.formatDuration(bp.spec().evaluation().interval())
        + "; cooldowns "
        + Quantities.formatDuration(s.cooldown().scaleUp())
        + " up, "
        + Quantities.formatDuration(s.cooldown().scaleDown())
        + " down\n\n"
        + "**Approvers** "
        + (g.approvers().isEmpty() ? "none" : String.join(", ", g.approvers()))
        + (needs.isEmpty() ? "" : "; approval needed for " + String.join(", ", needs))
        + (g.dryRun() ? "\n\n**Dry run**: operations are planned, never written" : "");
  }
}
