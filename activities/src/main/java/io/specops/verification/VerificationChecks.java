package io.specops.verification;

import static io.specops.blueprint.Quantities.formatPercent;

import io.specops.blueprint.Blueprint;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.KubernetesMetricsSource;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001 Step 8's checks after an operation: replica_count (the target's pods are ready),
 * cpu_utilization (below target after a scale-up, below scale_up_threshold after a scale-down),
 * latency_p95 (below its target). A scale-up whose pods are ready and whose load improved but is
 * not yet within target is {@code partial}: kept, not rolled back; so is an operation whose
 * replicas another writer changed meanwhile (docs/operations.md).
 */
public final class VerificationChecks {
  private VerificationChecks() {}

  public static VerificationReport evaluate(VerificationRequest request, MetricsSnapshot after) {
    Blueprint bp = request.blueprint();
    Decision d = request.decision();
    List<Check> checks = new ArrayList<>();
    int target = d.targetReplicas();
    WorkloadState readiness = request.readiness();
    int ready =
        readiness != null ? readiness.readyReplicas() : after == null ? 0 : after.podsReady();
    // surge pods of a rollout in progress count: they serve as well as the target's own
    boolean replicasOk = readiness != null ? readiness.reached(target) : ready >= target;
    // another writer set the replicas since: there is nothing of SpecOps' own left to judge, and
    // a rollback would undo the other writer's change
    boolean changed = readiness != null && readiness.changedFrom(target);
    checks.add(
        new Check(
            "replica_count",
            target,
            ready,
            changed ? CheckStatus.UNKNOWN : CheckStatus.of(replicasOk),
            null));

    Metrics m = after == null || after.metrics() == null ? Metrics.none() : after.metrics();
    Metrics before =
        request.before() == null || request.before().metrics() == null
            ? Metrics.none()
            : request.before().metrics();
    double cpuLimit =
        d.action() == Action.SCALE_DOWN
            ? bp.spec().scaling().scaleUpThreshold()
            : bp.spec().scaling().targetCpuUtilization();
    Boolean cpuOk = null;
    if (m.cpuUtilization() != null) {
      cpuOk = m.cpuUtilization() < cpuLimit;
      checks.add(
          new Check(
              "cpu_utilization",
              "< " + formatPercent(cpuLimit),
              formatPercent(m.cpuUtilization()),
              CheckStatus.of(cpuOk),
              change(before.cpuUtilization(), m.cpuUtilization())));
    } else {
      checks.add(
          new Check(
              "cpu_utilization",
              "< " + formatPercent(cpuLimit),
              "unavailable",
              CheckStatus.UNKNOWN,
              null));
    }
    long latencyTarget = bp.spec().performance().latencyP95Target().toMillis();
    Boolean latencyOk = null;
    boolean latencyMeasured = after == null || !KubernetesMetricsSource.NAME.equals(after.source());
    if (m.latencyP95() != null) {
      latencyOk = m.latencyP95() < latencyTarget;
      checks.add(
          new Check(
              "latency_p95",
              "< " + latencyTarget + "ms",
              Math.round(m.latencyP95()) + "ms",
              CheckStatus.of(latencyOk),
              null));
    } else {
      checks.add(
          new Check(
              "latency_p95",
              "< " + latencyTarget + "ms",
              latencyMeasured ? "unavailable" : "not measured by metrics.k8s.io",
              latencyMeasured ? CheckStatus.UNKNOWN : CheckStatus.NOT_MEASURED,
              null));
    }

    VerificationOutcome outcome;
    String rationale;
    if (changed) {
      outcome = VerificationOutcome.PARTIAL;
      rationale =
          "another writer set the replicas to "
              + readiness.desiredReplicas()
              + " during the operation; left as they are, the next evaluation decides again";
    } else if (!replicasOk && readiness != null && readiness.provisioning() != null) {
      // the pods come once the node does: a rollback would waste the node and scale up again
      outcome = VerificationOutcome.PARTIAL;
      rationale =
          ready
              + " of "
              + target
              + " replicas ready (desired "
              + readiness.desiredReplicas()
              + ") when verification ran; "
              + readiness.provisioning()
              + "; kept, the next evaluation decides again";
    } else if (!replicasOk) {
      outcome = VerificationOutcome.FAILURE;
      rationale =
          ready
              + " of "
              + target
              + " replicas ready"
              + (readiness == null ? "" : " (desired " + readiness.desiredReplicas() + ")")
              + " when verification ran"
              + (readiness == null || readiness.problem() == null
                  ? ""
                  : "; the workload reports " + readiness.problem());
    } else if (Boolean.TRUE.equals(cpuOk) && Boolean.TRUE.equals(latencyOk)) {
      outcome = VerificationOutcome.SUCCESS;
      rationale = "All checks passed";
    } else if (Boolean.TRUE.equals(cpuOk) && !latencyMeasured) {
      // a source without latency would otherwise keep every operation partial, forever
      outcome = VerificationOutcome.SUCCESS;
      rationale = "All measured checks passed (metrics.k8s.io does not measure latency)";
    } else if (cpuOk == null || (latencyOk == null && latencyMeasured)) {
      outcome = VerificationOutcome.PARTIAL;
      rationale =
          "replicas are ready but "
              + namesOf(checks, CheckStatus.UNKNOWN)
              + " could not be read; kept, the next evaluation decides again";
    } else if (d.action() == Action.SCALE_UP && improved(before, m)) {
      outcome = VerificationOutcome.PARTIAL;
      rationale =
          "replicas are ready and load per replica improved, but not yet within target; kept, the next evaluation may scale further";
    } else {
      outcome = VerificationOutcome.FAILURE;
      rationale =
          d.action() == Action.SCALE_DOWN
              ? "after scaling down the service is beyond its limits ("
                  + namesOf(checks, CheckStatus.FAILED)
                  + ")"
              : "after scaling up the service did not improve ("
                  + namesOf(checks, CheckStatus.FAILED)
                  + ")";
    }
    return new VerificationReport(
        request.verificationId(),
        bp.name(),
        d.decisionId(),
        outcome,
        List.copyOf(checks),
        new VerificationReport.Summary(outcome.wire(), rationale),
        after);
  }

  private static boolean improved(Metrics before, Metrics after) {
    return before.cpuUtilization() != null
        && after.cpuUtilization() != null
        && after.cpuUtilization() < before.cpuUtilization();
  }

  /** "28% reduction (85% → 57%)" as in seed 001, in percentage points. */
  static String change(Double before, Double after) {
    if (before == null || after == null) {
      return null;
    }
    long points = Math.round((before - after) * 100);
    String arrow = " (" + formatPercent(before) + " → " + formatPercent(after) + ")";
    if (points > 0) {
      return points + "% reduction" + arrow;
    }
    if (points < 0) {
      return -points + "% increase" + arrow;
    }
    return "unchanged" + arrow;
  }

  private static String namesOf(List<Check> checks, CheckStatus status) {
    return String.join(
        ", ", checks.stream().filter(c -> c.status() == status).map(Check::check).toList());
  }
}
