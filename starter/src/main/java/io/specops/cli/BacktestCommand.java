package io.specops.cli;

import io.specops.backtest.Backtest;
import io.specops.backtest.BacktestReport;
import io.specops.backtest.HpaPolicy;
import io.specops.backtest.OraclePolicy;
import io.specops.backtest.Policy;
import io.specops.backtest.SpecopsPolicy;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.json.Json;
import io.specops.simulation.LoadProfile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backtest", mixinStandardHelpOptions = true, description = {
    "Replay a request-rate trace (t_seconds,requests per row) against one blueprint and compare SpecOps with the",
    "Kubernetes HPA and an oracle that knows the load one start-up ahead: SLO-violation minutes, replica-minutes,",
    "scale events and the ratios. Uses the same decision engine as the workflows; no Temporal needed.",
    "Default capacity per replica: the trace's median load needs 4 replicas at the blueprint's target CPU."})
final class BacktestCommand implements Callable<Integer> {
  @Option(names = "--blueprint", required = true, paramLabel = "FILE", description = "The service's blueprint (e.g. bench/backtest-blueprint.yaml)")
  Path blueprint;

  @Option(names = "--trace", required = true, paramLabel = "FILE.csv", description = "t_seconds,requests (e.g. ../shared/traces/*.csv)")
  Path trace;

  @Option(names = "--capacity-per-replica", paramLabel = "RPS", description = "Requests per second one replica serves at 100%% of its CPU request")
  Double capacity;

  @Option(names = "--startup", defaultValue = "50s", converter = Converters.HumanDuration.class,
      description = "Pod start-up delay (default: ${DEFAULT-VALUE}, seed 001)")
  Duration startup;

  @Option(names = "--policies", defaultValue = "specops,hpa,oracle", split = ",", description = "Default: ${DEFAULT-VALUE}")
  List<String> policies;

  @Option(names = "--json", description = "Print {\"trace\": ..., \"policies\": [...]}")
  boolean json;

  @Option(names = "--chart", paramLabel = "OUT.png", description = "Draw load, replicas per policy and violations over time")
  Path chart;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Blueprint bp = DecideCommand.load(blueprint);
    if (!Files.isRegularFile(trace)) {
      throw new CliException(SpecopsCli.UNREACHABLE, trace + ": no such file");
    }
    LoadProfile.Trace t;
    try {
      t = LoadProfile.Trace.read(trace);
    } catch (IllegalArgumentException e) {
      throw new CliException(SpecopsCli.INVALID_INPUT, e.getMessage());
    }
    double perReplica = capacity != null ? capacity : Backtest.defaultCapacity(t, bp);
    if (perReplica <= 0) {
      throw new CliException(SpecopsCli.INVALID_INPUT, "--capacity-per-replica must be above 0");
    }
    Backtest backtest = new Backtest(bp, t, perReplica, startup);
    List<Backtest.Result> results = new ArrayList<>();
    for (String name : policies) {
      results.add(backtest.run(policy(name.trim(), bp, perReplica)));
    }
    PrintWriter out = spec.commandLine().getOut();
    String name = trace.getFileName().toString();
    if (json) {
      out.println(Json.writePretty(BacktestReport.json(name, perReplica, Quantities.formatDuration(startup), results)));
    } else {
      out.printf("%s: %d minutes, median %.1f rps, capacity %.2f rps per replica, start-up %s%n", name,
          Math.round(t.duration() / 60), t.median(), perReplica, Quantities.formatDuration(startup));
      out.print(BacktestReport.table(name, results));
    }
    if (chart != null) {
      BacktestChart.write(chart, name, results);
      if (!json) {
        out.println("chart: " + chart);
      }
    }
    return 0;
  }

  private Policy policy(String name, Blueprint bp, double perReplica) {
    Blueprint.Scaling s = bp.spec().scaling();
    return switch (name) {
      case "specops" -> new SpecopsPolicy(bp);
      case "hpa" -> new HpaPolicy(s.targetCpuUtilization(), s.minReplicas(), s.maxReplicas());
      case "oracle" -> new OraclePolicy(perReplica, startup, s.minReplicas(), s.maxReplicas());
      default -> throw new CliException(SpecopsCli.INVALID_INPUT, "unknown policy " + name + " (specops, hpa, oracle)");
    };
  }
}
