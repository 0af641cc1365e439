package io.specops.coordination;

import io.specops.blueprint.Quantities;
import io.specops.metrics.Metrics;
import io.specops.service.DecisionSummary;
import io.specops.service.OperationSummary;
import io.specops.service.ReplicaCounts;
import io.specops.service.ServicePhase;
import io.specops.service.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Seed 000's "Multi-Service Status" dashboard as text, for the CLI and the demo. */
public final class FleetDashboard {
  private FleetDashboard() {}

  /**
   * @param minReplicaCpuMillis the smallest per-replica CPU request in the fleet, to say whether
   *     the free capacity fits at least one more replica ("Available for scaling")
   */
  public static String render(
      List<ServiceStatus> services,
      ClusterCapacity capacity,
      long minReplicaCpuMillis,
      long minReplicaMemoryBytes,
      Instant now) {
    StringBuilder out = new StringBuilder("Multi-Service Status\n");
    for (ServiceStatus s : services) {
      boolean last = capacity == null && s == services.get(services.size() - 1);
      String branch = last ? "└── " : "├── ";
      String indent = last ? "    " : "│   ";
      out.append(branch).append(s.service());
      if (s.paused()) {
        out.append("  [paused]");
      }
      if (s.pendingApproval() != null) {
        out.append("  [awaiting approval: ").append(s.pendingApproval().decisionId()).append(']');
      }
      out.append('\n');
      Metrics m =
          s.observed() == null || s.observed().metrics() == null
              ? Metrics.none()
              : s.observed().metrics();
      ServiceStatus.Targets t = s.targets();
      ReplicaCounts counts = ReplicaCounts.of(s);
      // ready of desired, as kubectl's READY column and the web page read
      String replicas =
          counts == null ? "unknown" : counts.ready() + " / " + counts.desired() + " ready";
      out.append(indent).append("├── Replicas: ").append(replicas).append('\n');
      out.append(indent)
          .append("├── CPU: ")
          .append(percent(m.cpuUtilization()))
          .append(" (target: ")
          .append(Quantities.formatPercent(t.cpuUtilization()))
          .append(")\n");
      out.append(indent)
          .append("├── Memory: ")
          .append(percent(m.memoryUtilization()))
          .append(" (target: ")
          .append(Quantities.formatPercent(t.memoryUtilization()))
          .append(")\n");
      out.append(indent)
          .append("├── Latency P95: ")
          .append(m.latencyP95() == null ? "n/a" : Math.round(m.latencyP95()) + "ms")
          .append(" (target: ")
          .append(t.latencyP95Ms())
          .append("ms)\n");
      if (s.health() != null) {
        out.append(indent)
            .append("├── Health: ")
            .append(s.health().score())
            .append("/100 (")
            .append(s.health().status())
            .append(")\n");
      }
      out.append(indent)
          .append("├── Evaluations: every ")
          .append(t.interval())
          .append(", last ")
          .append(ago(s.lastEvaluationAt(), now))
          .append(", next ")
          .append(next(s, now))
          .append('\n');
      out.append(indent).append("└── Last Operation: ").append(lastOperation(s, now)).append('\n');
      if (!last) {
        out.append("│\n");
      }
    }
    if (capacity != null) {
      out.append("└── Cluster Resources\n");
      long cpuUsed = capacity.cpuRequestedMillis();
      long cpuTotal = capacity.cpuAllocatableMillis();
      out.append("    ├── CPU: ")
          .append(cpuUsed)
          .append("m / ")
          .append(cpuTotal)
          .append("m (")
          .append(share(cpuUsed, cpuTotal))
          .append(" used)\n");
      out.append("    ├── Memory: ")
          .append(Quantities.formatMemory(capacity.memoryRequestedBytes()))
          .append(" / ")
          .append(Quantities.formatMemory(capacity.memoryAllocatableBytes()))
          .append(" (")
          .append(share(capacity.memoryRequestedBytes(), capacity.memoryAllocatableBytes()))
          .append(" used)\n");
      boolean room =
          capacity.cpuFreeMillis() >= minReplicaCpuMillis
              && capacity.memoryFreeBytes() >= minReplicaMemoryBytes;
      out.append("    └── Available for scaling: ")
          .append(room ? "Yes" : "No")
          .append(" (")
          .append(capacity.cpuFreeMillis())
          .append("m CPU, ")
          .append(Quantities.formatMemory(capacity.memoryFreeBytes()))
          .append(" free)\n");
    }
    return out.toString();
  }

  static String lastOperation(ServiceStatus s, Instant now) {
    ServiceStatus.OperationInFlight running = s.operation();
    if (running != null) {
      return running.action().wire()
          + " "
          + running.fromReplicas()
          + " -> "
          + running.toReplicas()
          + ", "
          + running.phase().wire().replace('_', ' ')
          + " (started "
          + ago(running.startedAt(), now)
          + ")"
          + (running.problem() == null ? "" : ": " + running.problem());
    }
    OperationSummary op = s.lastOperation();
    DecisionSummary d = s.lastDecision();
    if (op != null
        && (d == null || !d.decidedAt().isAfter(op.startedAt()) || !d.action().isScaling())) {
      return op.action().wire()
          + " "
          + op.fromReplicas()
          + " -> "
          + op.toReplicas()
          + ", "
          + op.outcome().wire()
          + " ("
          + ago(op.startedAt(), now)
          + ")";
    }
    if (d == null) {
      return "none yet";
    }
    String change =
        d.action().isScaling()
            ? " " + d.currentReplicas() + " -> " + d.targetReplicas() + ", " + d.outcome().wire()
            : "";
    // a service held by its namespace's full quota looks idle but is not: say what holds it
    String held =
        "quota".equals(d.trigger()) && s.observed() != null && s.observed().quota() != null
            ? ", held by " + s.observed().quota().describe()
            : "";
    return d.action().wire() + change + held + " (" + ago(d.decidedAt(), now) + ")";
  }

  public static String ago(Instant then, Instant now) {
    if (then == null) {
      return "never";
    }
    return human(Duration.between(then, now)) + " ago";
  }

  /** When the next evaluation comes; a loop held by an operation or an answer says by what. */
  static String next(ServiceStatus s, Instant now) {
    return s.nextEvaluationAt() != null ? in(s.nextEvaluationAt(), now) : unscheduled(s.phase());
  }

  /** Why a service in this phase has no next evaluation time. */
  public static String unscheduled(ServicePhase phase) {
    return switch (phase) {
      case STARTING, IDLE -> "not scheduled";
      case PAUSED -> "when resumed";
      case STOPPED -> "none (stopped)";
      case AWAITING_APPROVAL -> "after the approval";
      case AWAITING_CAPACITY -> "after the coordinator answers";
      case EXECUTING, WAITING_FOR_PODS, SETTLING, VERIFYING, ROLLING_BACK -> "after the operation";
    };
  }

  static String in(Instant then, Instant now) {
    if (then == null) {
      return "not scheduled";
    }
    Duration d = Duration.between(now, then);
    return d.toSeconds() < 1 ? "now" : "in " + human(d);
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + (s == 1 ? " second" : " seconds");
    }
    long m = s / 60;
    if (m < 60) {
      return m + (m == 1 ? " minute" : " minutes");
    }
    long h = m / 60;
    return h + (h == 1 ? " hour" : " hours");
  }

  private static String percent(Double fraction) {
    return fraction == null ? "n/a" : Quantities.formatPercent(fraction);
  }

  private static String share(long used, long total) {
    return total <= 0 ? "n/a" : Math.round(100.0 * used / total) + "%";
  }
}
