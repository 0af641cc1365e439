package io.specops.cli;

import io.specops.backtest.Backtest;
import io.specops.backtest.BacktestReport;
import io.specops.backtest.Frontier;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Compare SpecOps with the Kubernetes HPA and an oracle on a request-rate trace, without Temporal.",
      "%nReplays the trace (t_seconds,requests per row) against one blueprint and compares SpecOps with"
          + " the Kubernetes HPA and an oracle that knows the load one start-up ahead: SLO-violation"
          + " minutes, replica-minutes, scale events and the ratios. Uses the same decision engine as"
          + " the workflows; no Temporal needed. Default capacity per replica: the trace's median load"
          + " needs 4 replicas at the blueprint's target CPU."
    })
final class BacktestCommand implements Callable<Integer> {
  @Option(
      names = "--blueprint",
      required = true,
      paramLabel = "FILE",
      description = "The service's blueprint (e.g. bench/backtest-blueprint.yaml)")
  Path blueprint;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE.csv",
      description =
          "t_seconds,requests, one row per bucket, none missing (e.g. bench/traces/*.csv)")
  Path trace;

  @Option(
      names = "--capacity-per-replica",
      paramLabel = "RPS",
      description = "Requests per second one replica serves at 100%% of its CPU request")
  Double capacity;

  @Option(
      names = "--startup",
      paramLabel = "DURATION",
      defaultValue = "50s",
      converter = Converters.HumanDuration.class,
      description = "Pod start-up delay (default: ${DEFAULT-VALUE}, seed 001)")
  Duration startup;

  @Option(
      names = "--policies",
      defaultValue = "specops,hpa,oracle",
      split = ",",
      paramLabel = "POLICY,...",
      hideParamSyntax = true,
      description =
          "specops, hpa, oracle, clairvoyant (the oracle's foresight sized under"
              + " saturation_guard, keeping its asks over the scale-down cooldown and scaling"
              + " down at most once per cooldown)."
              + " Default: ${DEFAULT-VALUE}")
  List<String> policies;

  @Option(names = "--json", description = "Print {\"trace\": ..., \"policies\": [...]}")
  boolean json;

  @Option(
      names = "--chart",
      paramLabel = "OUT.png",
      description =
          "Draw load, replicas per policy and violations over time; with --sweep,"
              + " violation-minutes against replica-minutes for every run")
  Path chart;

  @Option(
      names = "--sweep",
      description =
          "Trace the frontier: the HPA at target utilizations 50-90%%, SpecOps at forecast"
              + " coverages 70-98%%, and a reference that knows the trace's 15-minute level ahead"
              + " (level-known, coverages 90-99.8%%: what no forecast of the level removes);"
              + " prints violation- and replica-minutes of each run against the HPA at the"
              + " blueprint's target")
  boolean sweep;

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
    if (sweep) {
      return sweep(backtest, bp, perReplica);
    }
    List<Backtest.Result> results = new ArrayList<>();
    for (String name : policies.stream().map(String::trim).distinct().toList()) {
      results.add(backtest.run(policy(name, bp, perReplica)));
    }
    PrintWriter out = spec.commandLine().getOut();
    String name = trace.getFileName().toString();
    if (json) {
      out.println(
          Json.writePretty(
              BacktestReport.json(name, perReplica, Quantities.formatDuration(startup), results)));
    } else {
      out.printf(
          "%s: %d minutes, median %.1f rps, capacity %.2f rps per replica, start-up %s%n",
          name,
          Math.round(t.duration() / 60),
          t.median(),
          perReplica,
          Quantities.formatDuration(startup));
      out.print(BacktestReport.table(name, results));
      out.println();
      out.print(BacktestReport.elasticityTable(name, results));
    }
    if (chart != null) {
      BacktestChart.write(chart, name, results);
      if (!json) {
        out.println("chart: " + chart);
      }
    }
    return 0;
  }

  private int sweep(Backtest backtest, Blueprint bp, double perReplica) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String name = trace.getFileName().toString();
    Blueprint.Scaling s = bp.spec().scaling();
    Backtest.Result base = backtest.run(HpaPolicy.forBlueprint(bp));
    Backtest.Result oracle =
        backtest.run(new OraclePolicy(perReplica, startup, s.minReplicas(), s.maxReplicas()));
    if (!json) {
      out.printf(
          "%s: frontier; base: hpa at %s target (%.1f violation-min, %.1f replica-min); oracle %.1f replica-min%n",
          name,
          Quantities.formatPercent(s.targetCpuUtilization()),
          base.sloViolationMinutes(),
          base.replicaMinutes(),
          oracle.replicaMinutes());
    }
    // progress on stderr: a week-long trace takes its time over the runs
    PrintWriter err = spec.commandLine().getErr();
    int[] run = {0};
    List<Frontier.Point> points =
        Frontier.sweep(
            backtest,
            bp,
            Files.readString(blueprint),
            starting -> {
              err.printf("sweep %d/%d: %s%n", ++run[0], Frontier.RUNS, starting);
              err.flush();
            });
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Frontier.Point p : points) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("policy", p.policy());
        row.put(p.knob(), p.value());
        row.put("slo_violation_minutes", p.result().sloViolationMinutes());
        row.put("replica_minutes", p.result().replicaMinutes());
        row.put("scale_events", p.result().scaleEvents());
        rows.add(row);
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("trace", name);
      doc.put("oracle_replica_minutes", oracle.replicaMinutes());
      doc.put("points", rows);
      out.println(Json.writePretty(doc));
    } else {
      out.print(Frontier.table(name, points, base));
    }
    if (chart != null) {
      BacktestChart.writeFrontier(chart, name, points, oracle);
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
      case "hpa" -> HpaPolicy.forBlueprint(bp);
      case "oracle" -> new OraclePolicy(perReplica, startup, s.minReplicas(), s.maxReplicas());
      case "clairvoyant" ->
          new OraclePolicy(perReplica, startup, s.minReplicas(), s.maxReplicas())
              .clairvoyant(s.saturationGuard(), s.cooldown().scaleDown());
      default ->
          throw new CliException(
              SpecopsCli.INVALID_INPUT,
              "unknown policy " + name + " (specops, hpa, oracle, clairvoyant)");
    };
  }
}
