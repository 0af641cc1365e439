package io.specops.cli;

import io.specops.audit.AuditedHistory;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintLoader;
import io.specops.client.FleetClient;
import io.specops.evidence.EvidenceReport;
import io.specops.json.Json;
import io.specops.service.DecisionSummary;
import io.specops.service.PendingApproval;
import io.specops.service.ScaleAnswer;
import io.specops.service.ServiceStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that act on one service workflow through signals and queries. */
final class ServiceCommands {
  private ServiceCommands() {}

  /** Who approves from the CLI: --as, else $SPECOPS_APPROVER, else the OS user. */
  static String approver(String as) {
    if (as != null) {
      return as;
    }
    String env = System.getenv("SPECOPS_APPROVER");
    return env != null && !env.isBlank() ? env : System.getProperty("user.name");
  }

  @Command(
      name = "decisions",
      mixinStandardHelpOptions = true,
      description = "A service's recent decisions, newest first, with rationales.")
  static final class Decisions extends ClientCommand {
    @Parameters(paramLabel = "SERVICE")
    String service;

    @Option(
        names = {"-n", "--limit"},
        paramLabel = "N",
        defaultValue = "10",
        description = "How many (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Mixin AuditSource audit;

    @Override
    int run(FleetClient client, PrintWriter out) {
      List<DecisionSummary> decisions = client.decisions(service, limit);
      if (audit.available()) {
        // a watched service's idle evaluations are decided by its watcher: in the audit trail,
        // not in the workflow's list
        Duration every = client.blueprint(service).spec().evaluation().interval();
        List<DecisionSummary> idle =
            AuditedHistory.idleDecisions(
                audit.query(AuditedHistory.recentDecisions(service, every, limit)));
        decisions = AuditedHistory.mergeDecisions(decisions, idle, limit);
      }
      if (json) {
        out.println(Json.writePretty(decisions));
        return 0;
      }
      for (DecisionSummary d : decisions) {
        out.printf(
            "%s  %s  %-10s %-14s %s%n",
            d.decidedAt(),
            d.decisionId(),
            d.action().wire()
                + (d.action().isScaling()
                    ? " " + d.currentReplicas() + "->" + d.targetReplicas()
                    : ""),
            d.outcome().wire(),
            d.rationale());
      }
      if (decisions.isEmpty()) {
        out.println(
            "no decisions yet"
                + (audit.available()
                    ? ""
                    : " in "
                        + service
                        + "'s workflow; a watched service's idle evaluations are in the audit"
                        + " trail, not found at "
                        + audit.describe()
                        + " (--audit-dir or --jdbc-url)"));
      }
      return 0;
    }
  }

  abstract static class Answer extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "DECISION_ID")
    String decisionId;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why")
    String comment;

    @Option(
        names = "--as",
        paramLabel = "APPROVER",
        description = "Approve as (default: $SPECOPS_APPROVER or your user name)")
    String as;

    abstract boolean approve();

    @Override
    int run(FleetClient client, PrintWriter out) {
      String who = approver(as);
      PendingApproval p = client.answer(service, decisionId, who, comment, approve());
      out.println(
          (approve() ? "approved " : "rejected ")
              + decisionId
              + " ("
              + p.action().wire()
              + " "
              + p.currentReplicas()
              + " -> "
              + p.targetReplicas()
              + ") of "
              + service
              + " as "
              + who);
      return 0;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Approve an operation waiting for approval; only the blueprint's approvers count."
      })
  static final class Approve extends Answer {
    @Override
    boolean approve() {
      return true;
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject an operation waiting for approval.")
  static final class Reject extends Answer {
    @Override
    boolean approve() {
      return false;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = {
        "Stop evaluating a service until resumed; nothing is executed meanwhile.",
        "A decision not yet running is dropped (a pending approval is withdrawn); an operation"
            + " already running finishes and is verified."
      })
  static final class Pause extends ClientCommand {
    @Parameters(paramLabel = "SERVICE")
    String service;

    @Override
    int run(FleetClient client, PrintWriter out) {
      FleetClient.PauseResult paused = client.pause(service);
      out.println("paused " + service + (paused.alreadyPaused() ? " (it already was)" : ""));
      PendingApproval pending = paused.withdrawnApproval();
      if (pending != null) {
        out.printf(
            "  withdrew %s (%s %d -> %d, awaiting approval); the first evaluation after resume"
                + " decides again%n",
            pending.decisionId(),
            pending.action().wire(),
            pending.currentReplicas(),
            pending.targetReplicas());
      }
      ServiceStatus.OperationInFlight op = paused.runningOperation();
      if (op != null) {
        out.printf(
            "  %s (%s %d -> %d) is already running: it finishes and is verified%n",
            op.decisionId(), op.action().wire(), op.fromReplicas(), op.toReplicas());
      }
      return 0;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a paused service.")
  static final class Resume extends ClientCommand {
    @Parameters(paramLabel = "SERVICE")
    String service;

    @Override
    int run(FleetClient client, PrintWriter out) {
      client.resume(service);
      out.println("resumed " + service);
      return 0;
    }
  }

  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description = "Evaluate a service now instead of at its next interval.")
  static final class Evaluate extends ClientCommand {
    @Parameters(paramLabel = "SERVICE")
    String service;

    @Override
    int run(FleetClient client, PrintWriter out) {
      client.evaluate(service);
      out.println(
          "evaluation of " + service + " requested; see: specops decisions " + service + " -n 1");
      return 0;
    }
  }

  @Command(
      name = "scale",
      mixinStandardHelpOptions = true,
      description = {
        "Ask for N replicas; the request goes through governance (bounds, approvals, freezes) like any decision."
      })
  static final class Scale extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "N")
    int replicas;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded)")
    String reason;

    @Option(
        names = "--as",
        paramLabel = "WHO",
        description = "Requested by (default: your user name)")
    String as;

    @Option(names = "--json", description = "Print the answer as JSON")
    boolean json;

    @Override
    int run(FleetClient client, PrintWriter out) {
      ScaleAnswer a = client.scale(service, replicas, approver(as), reason);
      if (json) {
        out.println(Json.writePretty(a));
        return a.outcome() == ScaleAnswer.Outcome.DENIED ? SpecopsCli.INVALID_INPUT : 0;
      }
      String change =
          a.action().isScaling()
              ? a.action().wire() + " " + a.currentReplicas() + " -> " + a.targetReplicas() + " "
              : "";
      switch (a.outcome()) {
        case PENDING_APPROVAL -> {
          out.println(
              service
                  + ": "
                  + change
                  + "waits for approval by "
                  + String.join(" or ", a.approvers())
                  + " ("
                  + a.decisionId()
                  + ")");
          out.println(
              "  approve: specops approve "
                  + service
                  + " "
                  + a.decisionId()
                  + " --as "
                  + a.approvers().get(0));
        }
        case PROPOSED ->
            out.println(
                service
                    + ": "
                    + change
                    + "allowed; running ("
                    + a.decisionId()
                    + "); follow: specops status "
                    + service);
        case DENIED -> {
          out.println(service + ": " + change + "denied: " + a.rationale());
          return SpecopsCli.INVALID_INPUT;
        }
        default ->
            out.println(
                service + ": " + a.outcome().wire().replace('_', ' ') + ": " + a.rationale());
      }
      return 0;
    }
  }

  @Command(
      name = "evidence",
      mixinStandardHelpOptions = true,
      description = {
        "Collect a service's incident evidence now (pod logs grouped into templates, Events, rollouts) and print the "
            + "root-cause report, likely causes first."
      })
  static final class Evidence extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded)")
    String reason;

    @Option(
        names = "--as",
        paramLabel = "WHO",
        description = "Requested by (default: your user name)")
    String as;

    @Option(names = "--json", description = "Print the report as JSON")
    boolean json;

    @Override
    int run(FleetClient client, PrintWriter out) {
      EvidenceReport report = client.collectEvidence(service, approver(as), reason);
      if (report == null) {
        out.println(
            service
                + ": no report: the collection failed; see specops audit --service "
                + service
                + " --type control");
        return SpecopsCli.UNREACHABLE;
      }
      out.println(json ? Json.writePretty(report) : report.text());
      return 0;
    }
  }

  @Command(
      name = "blueprint",
      mixinStandardHelpOptions = true,
      description = "Blueprint operations on a running service.",
      subcommands = {ApplyBlueprint.class})
  static final class BlueprintCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a blueprint file, then send it to its service (update_blueprint); an invalid one changes nothing."
      })
  static final class ApplyBlueprint extends ClientCommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    int run(FleetClient client, PrintWriter out) throws Exception {
      if (!Files.isRegularFile(file)) {
        throw new CliException(SpecopsCli.UNREACHABLE, file + ": no such file");
      }
      Blueprint bp = client.applyBlueprint(BlueprintLoader.display(file), Files.readString(file));
      out.println(
          "sent " + file + " to " + bp.name() + " (version " + bp.metadata().version() + ")");
      return 0;
    }
  }
}
