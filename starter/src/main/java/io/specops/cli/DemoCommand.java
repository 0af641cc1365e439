package io.specops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a scenario end to end on the embedded default: in-process Temporal and a simulated "
          + "cluster.",
      "seed-001: todo-frontend (85%% cpu on 2 replicas) scales 2 -> 3 and verifies; "
          + "todo-backend (45%% on 3) is left alone.",
      "conflict: both need a replica, 120m CPU is free: backend (critical) executes, frontend "
          + "is deferred 5 minutes.",
      "quota: both need a replica, todo-app's ResourceQuota has room for one: backend executes, "
          + "frontend is deferred, then held by the full quota.",
      "Prints progress, the timeline, the audit records and the fleet dashboard; exits 0 when "
          + "every operation ended."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--scenario",
      defaultValue = "seed-001",
      paramLabel = "NAME|FILE",
      description =
          "seed-001, conflict, incident (a bad rollout and its root-cause report), quota, or a"
              + " scenario "
              + "YAML file "
              + "(docs/simulation.md). Default: ${DEFAULT-VALUE}")
  String scenario;

  @Option(
      names = "--blueprints",
      defaultValue = "blueprints",
      paramLabel = "DIR",
      description = "Blueprint directory (default: ${DEFAULT-VALUE})")
  Path blueprints;

  @Option(
      names = "--audit-dir",
      paramLabel = "DIR",
      description =
          "Audit log directory (default: logs/demo/SCENARIO-TIME/agent-decisions, TIME as"
              + " YYYYMMDD-HHMMSS: each demo run has its own, apart from a worker's log of the same"
              + " day)")
  Path auditDir;

  @Option(names = "--compact", description = "Print audit records one per line, as in the log")
  boolean compact;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(blueprints)) {
      throw new CliException(SpecopsCli.INVALID_INPUT, "no blueprint directory " + blueprints);
    }
    List<String> command = new ArrayList<>(WorkerProcess.javaCommand());
    command.add("-jar");
    command.add(WorkerProcess.workerJar().toString());
    command.addAll(workerArguments());
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  /** The worker's arguments for this demo. */
  List<String> workerArguments() {
    List<String> command = new ArrayList<>();
    command.add("--specops.mode=demo");
    command.add(
        "--specops.scenario=" + ("conflict".equals(scenario) ? "seed-001-conflict" : scenario));
    command.add("--specops.blueprints=" + blueprints);
    Path audit =
        auditDir != null
            ? auditDir
            : Path.of(
                "logs",
                "demo",
                scenarioName()
                    + "-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()),
                "agent-decisions");
    command.add("--specops.audit-dir=" + audit);
    if (compact) {
      command.add("--specops.demo.json=true");
    }
    return command;
  }

  /** The scenario as a directory name: its file name without .yaml, or the built-in name. */
  private String scenarioName() {
    String name = Path.of(scenario).getFileName().toString();
    return name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
  }
}
