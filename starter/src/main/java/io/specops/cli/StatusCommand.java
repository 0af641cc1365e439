package io.specops.cli;

import io.specops.audit.AuditedHistory;
import io.specops.blueprint.Quantities;
import io.specops.client.FleetClient;
import io.specops.client.FleetView;
import io.specops.coordination.FleetDashboard;
import io.specops.json.Json;
import io.specops.metrics.Metrics;
import io.specops.metrics.PodRequest;
import io.specops.service.DecisionSummary;
import io.specops.service.ReplicaCounts;
import io.specops.service.ServiceStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "The fleet dashboard (seed 000's Multi-Service Status), or one service in detail."
    })
final class StatusCommand extends ClientCommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "One service (default: the whole fleet)")
  String service;

  @Option(
      names = "--fleet",
      paramLabel = "NAME",
      defaultValue = "default",
      description = "Fleet name (default: ${DEFAULT-VALUE})")
  String fleet;

  @Option(names = "--json", description = "Print JSON (snake_case)")
  boolean json;

  @Option(names = "--watch", description = "Refresh every 2 seconds until interrupted")
  boolean watch;

  @Override
  int run(FleetClient client, PrintWriter out) throws InterruptedException {
    do {
      String text = render(client);
      if (watch) {
        out.print("\033[H\033[2J");
      }
      out.print(text);
      out.flush();
      if (watch) {
        Thread.sleep(2000);
      }
    } while (watch);
    return 0;
  }

  private String render(FleetClient client) {
    if (service == null) {
      FleetView view = client.view(fleet);
      if (json) {
        return Json.writePretty(view) + "\n";
      }
      StringBuilder out = new StringBuilder(view.dashboard());
      view.coordinator().recentConflicts().stream()
          .reduce((a, b) -> b)
          .ifPresent(
              c ->
                  out.append("\nLast conflict ")
                      .append(c.conflictId())
                      .append(": ")
                      .append(c.rationale())
                      .append('\n'));
      view.coordinator()
          .deferredUntil()
          .forEach(
              (name, until) ->
                  out.append("Deferred: ")
                      .append(name)
                      .append(" until ")
                      .append(until)
                      .append('\n'));
      for (ServiceStatus s : view.services()) {
        if (s.pendingApproval() != null) {
          out.append("Awaiting approval: ")
              .append(s.service())
              .append(' ')
              .append(s.pendingApproval().decisionId())
              .append(" (")
              .append(s.pendingApproval().action().wire())
              .append(' ')
              .append(s.pendingApproval().currentReplicas())
              .append(" -> ")
              .append(s.pendingApproval().targetReplicas())
              .append("); approvers: ")
              .append(String.join(", ", s.pendingApproval().approvers()))
              .append("\n  specops approve ")
              .append(s.service())
              .append(' ')
              .append(s.pendingApproval().decisionId())
              .append('\n');
        }
      }
      view.unreachable().forEach(name -> out.append("Not answering: ").append(name).append('\n'));
      out.append(view.refusedBlueprints());
      return out.toString();
    }
    ServiceStatus s = client.status(service);
    // a watched service's latest evaluation is its watcher's (from its heartbeat, in the status)
    List<DecisionSummary> decisions =
        AuditedHistory.mergeDecisions(
            client.decisions(service, 5),
            s.lastDecision() == null ? List.of() : List.of(s.lastDecision()),
            5);
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", s);
      body.put("decisions", decisions);
      return Json.writePretty(body) + "\n";
    }
    return detail(s, decisions, Instant.now());
  }

  static String detail(ServiceStatus s, List<DecisionSummary> decisions, Instant now) {
    StringBuilder out = new StringBuilder();
    Metrics m =
        s.observed() == null || s.observed().metrics() == null
            ? Metrics.none()
            : s.observed().metrics();
    out.append(s.service())
        .append("  (")
        .append(s.namespace())
        .append(", ")
        .append(s.criticality())
        .append('/')
        .append(s.priority())
        .append(", ")
        .append(s.blueprintSource())
        .append(")\n");
    row(out, "state", s.phase() + (s.dryRun() ? " [dry run]" : ""));
    if (s.operation() != null) {
      ServiceStatus.OperationInFlight op = s.operation();
      row(
          out,
          "operation",
          op.decisionId()
              + " "
              + op.action().wire()
              + " "
              + op.fromReplicas()
              + " -> "
              + op.toReplicas()
              + ": "
              + op.phase().wire().replace('_', ' ')
              + (op.desiredReplicas() == null
                  ? ""
                  : " ("
                      + op.desiredReplicas()
                      + " desired, "
                      + op.readyReplicas()
                      + " ready"
                      + (op.problem() == null ? "" : "; " + op.problem())
                      + ")")
              + ", started "
              + FleetDashboard.ago(op.startedAt(), now));
    }
    ReplicaCounts counts = ReplicaCounts.of(s);
    row(
        out,
        "replicas",
        counts == null
            ? "unknown"
            : counts.desired()
                + " desired, "
                + counts.ready()
                + " ready (bounds "
                + s.targets().minReplicas()
                + "-"
                + s.targets().maxReplicas()
                + ")");
    row(out, "requests", requests(s));
    row(
        out,
        "cpu",
        pct(m.cpuUtilization())
            + " (target "
            + Quantities.formatPercent(s.targets().cpuUtilization())
            + ")");
    row(
        out,
        "memory",
        pct(m.memoryUtilization())
            + " (target "
            + Quantities.formatPercent(s.targets().memoryUtilization())
            + ")");
    row(
        out,
        "latency p95",
        (m.latencyP95() == null ? "n/a" : Math.round(m.latencyP95()) + "ms")
            + " (target "
            + s.targets().latencyP95Ms()
            + "ms)");
    if (s.health() != null) {
      row(out, "health", s.health().score() + "/100 (" + s.health().status() + ")");
    }
    row(
        out,
        "evaluations",
        s.evaluations()
            + ", every "
            + s.targets().interval()
            + "; last "
            + FleetDashboard.ago(s.lastEvaluationAt(), now)
            + ", next "
            + next(s));
    row(
        out,
        "breaker",
        s.breaker().state() + " (" + s.breaker().consecutiveFailures() + " consecutive failures)");
    if (s.cooldownScaleUpUntil() != null || s.cooldownScaleDownUntil() != null) {
      row(
          out,
          "cooldown",
          (s.cooldownScaleUpUntil() == null
                  ? ""
                  : "scale_up until " + s.cooldownScaleUpUntil() + " ")
              + (s.cooldownScaleDownUntil() == null
                  ? ""
                  : "scale_down until " + s.cooldownScaleDownUntil()));
    }
    if (s.pendingApproval() != null) {
      row(
          out,
          "approval",
          s.pendingApproval().decisionId()
              + " waits for "
              + String.join(" or ", s.pendingApproval().approvers())
              + " until "
              + s.pendingApproval().expiresAt()
              + ": specops approve "
              + s.service()
              + " "
              + s.pendingApproval().decisionId());
    }
    out.append("recent decisions\n");
    for (DecisionSummary d : decisions) {
      out.append(
          String.format(
              "  %s  %-10s %-14s %s%n",
              d.decisionId(),
              d.action().wire()
                  + (d.action().isScaling()
                      ? " " + d.currentReplicas() + "->" + d.targetReplicas()
                      : ""),
              d.outcome().wire(),
              d.rationale()));
    }
    return out.toString();
  }

  private static String next(ServiceStatus s) {
    return s.nextEvaluationAt() != null
        ? s.nextEvaluationAt().toString()
        : FleetDashboard.unscheduled(s.phase());
  }

  /**
   * Per pod, the blueprint's requests, and what the pods request (their template, or their admitted
   * pods where more) where that differs: capacity is asked for at the larger, so a blueprint that
   * understates them does not overcommit the cluster, and one that overstates them has its
   * scale-ups deferred for room they do not take.
   */
  static String requests(ServiceStatus s) {
    long cpu = s.targets().cpuRequestMillis();
    long memory = s.targets().memoryRequestBytes();
    String stated =
        Quantities.formatCpu(cpu) + " cpu, " + Quantities.formatMemory(memory) + " memory per pod";
    PodRequest pods = s.observed() == null ? null : s.observed().podRequest();
    if (pods == null || (pods.cpuMillis() == cpu && pods.memoryBytes() == memory)) {
      return stated;
    }
    return stated
        + " (blueprint); the pods request "
        + Quantities.formatCpu(pods.cpuMillis())
        + ", "
        + Quantities.formatMemory(pods.memoryBytes())
        + ": room is asked for at "
        + Quantities.formatCpu(PodRequest.cpuMillis(cpu, pods))
        + ", "
        + Quantities.formatMemory(PodRequest.memoryBytes(memory, pods))
        + ", set spec.resources to match";
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append(String.format("  %-12s %s%n", label, value));
  }

  private static String pct(Double v) {
    return v == null ? "n/a" : Quantities.formatPercent(v);
  }
}
