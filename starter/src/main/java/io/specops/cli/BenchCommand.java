package io.specops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the control plane: Temporal actions and events per evaluation and operation, and"
          + " evaluation lag.",
      "History events and Temporal actions per idle evaluation and per scale operation, then "
          + "evaluations per second and p50/p99 evaluation lag for N idle services on one worker, per"
          + " Temporal server (test: Temporal's Java test server in the bench's JVM; dev: `temporal "
          + "server start-dev`, if installed) and per worker tuning (sdk-defaults: the SDK untuned, "
          + "the baseline; specops: the worker's own). Prints tables with ratios.",
      "Takes about 2 minutes per server, size and tuning; progress goes to stderr. "
          + "docs/scaling.md explains the numbers."
    })
final class BenchCommand implements Callable<Integer> {
  private static final Set<String> SERVERS = Set.of("test", "dev");
  private static final Set<String> TUNINGS = Set.of("sdk-defaults", "specops");

  @Option(
      names = "--services",
      split = ",",
      defaultValue = "100,300,1000",
      paramLabel = "N,...",
      hideParamSyntax = true,
      description = "Numbers of services to run on one worker (default: ${DEFAULT-VALUE})")
  List<Integer> services;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = Converters.HumanDuration.class,
      description = "Evaluation interval of every service (default: ${DEFAULT-VALUE})")
  Duration interval;

  @Option(
      names = "--measure",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = Converters.HumanDuration.class,
      description = "How long to measure after one interval of warm-up (default: ${DEFAULT-VALUE})")
  Duration measure;

  @Option(
      names = "--servers",
      split = ",",
      defaultValue = "test,dev",
      paramLabel = "test|dev,...",
      hideParamSyntax = true,
      description = "Temporal servers to run against (default: ${DEFAULT-VALUE})")
  List<String> servers;

  @Option(
      names = "--tunings",
      split = ",",
      defaultValue = "sdk-defaults,specops",
      paramLabel = "sdk-defaults|specops,...",
      hideParamSyntax = true,
      description = "Worker tunings to compare (default: ${DEFAULT-VALUE})")
  List<String> tunings;

  @Option(
      names = "--temporal-cli",
      paramLabel = "PATH",
      description =
          "The temporal CLI for the dev server (default: scripts/install-temporal-cli.sh's, else temporal on PATH)")
  Path temporalCli;

  @Option(
      names = "--no-cost",
      description = "Skip the cost table (events and actions per evaluation and operation)")
  boolean noCost;

  @Option(
      names = "--designs",
      split = ",",
      defaultValue = "timer,watch",
      paramLabel = "timer|watch,...",
      hideParamSyntax = true,
      description =
          "Idle evaluation by a timer per service (the baseline) and/or by shard watchers (default: ${DEFAULT-VALUE})")
  List<String> designs;

  @Option(
      names = "--workers",
      split = ",",
      defaultValue = "1",
      paramLabel = "N,...",
      hideParamSyntax = true,
      description =
          "Worker processes on the task queue for the watchers' runs (default: ${DEFAULT-VALUE}; e.g. 1,3)")
  List<Integer> workers;

  @Option(
      names = "--blueprints",
      defaultValue = "blueprints",
      paramLabel = "DIR",
      description = "Seed 001's blueprints, for the cost table (default: ${DEFAULT-VALUE})")
  Path blueprints;

  @Override
  public Integer call() throws Exception {
    if (services.stream().anyMatch(n -> n < 1 || n > 20_000)) {
      throw new CliException(
          SpecopsCli.INVALID_INPUT,
          "--services: each number must be between 1 and 20000, got " + services);
    }
    if (!SERVERS.containsAll(servers)) {
      throw new CliException(SpecopsCli.INVALID_INPUT, "--servers: test or dev, got " + servers);
    }
    if (!TUNINGS.containsAll(tunings)) {
      throw new CliException(
          SpecopsCli.INVALID_INPUT, "--tunings: sdk-defaults or specops, got " + tunings);
    }
    if (interval.toSeconds() < 1 || measure.toSeconds() < 1) {
      throw new CliException(
          SpecopsCli.INVALID_INPUT, "--interval and --measure must be at least 1s");
    }
    if (!noCost && !Files.isDirectory(blueprints)) {
      throw new CliException(
          SpecopsCli.INVALID_INPUT,
          "no blueprint directory " + blueprints + " (or pass --no-cost)");
    }
    List<String> command = new ArrayList<>(WorkerProcess.javaCommand());
    // the worker's jar holds the bench; PropertiesLauncher runs a main class other than the
    // worker's
    command.addAll(
        List.of(
            "-cp",
            WorkerProcess.workerJar().toString(),
            "-Dloader.main=io.specops.bench.ControlPlaneBench",
            "org.springframework.boot.loader.launch.PropertiesLauncher"));
    command.add("--services=" + String.join(",", services.stream().map(String::valueOf).toList()));
    command.add("--interval=" + interval.toSeconds() + "s");
    command.add("--measure=" + measure.toSeconds() + "s");
    command.add("--servers=" + String.join(",", servers));
    command.add("--tunings=" + String.join(",", tunings));
    command.add("--cost=" + !noCost);
    command.add("--blueprints=" + blueprints);
    command.add("--designs=" + String.join(",", designs));
    command.add("--workers=" + String.join(",", workers.stream().map(String::valueOf).toList()));
    command.add("--worker-jar=" + WorkerProcess.workerJar());
    if (temporalCli != null) {
      command.add("--temporal-cli=" + temporalCli);
    }
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
