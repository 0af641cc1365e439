package io.specops.cli;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintException;
import io.specops.blueprint.BlueprintLoader;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.governance.Verdict;
import io.specops.json.Json;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "decide",
    mixinStandardHelpOptions = true,
    description = {
      "Run the decision engine and governance on one set of metrics, locally (no Temporal needed).",
      "Example: specops decide --blueprint blueprints/frontend/blueprint.yaml --replicas 2 --cpu 85%% --memory 70%% --latency-p95 180ms"
    })
final class DecideCommand implements Callable<Integer> {

  @Option(
      names = "--blueprint",
      required = true,
      paramLabel = "FILE",
      description = "The service's blueprint")
  Path blueprint;

  @Option(names = "--replicas", required = true, paramLabel = "N", description = "Current replicas")
  int replicas;

  @Option(names = "--ready", paramLabel = "N", description = "Ready replicas (default: all)")
  Integer ready;

  @Option(
      names = "--cpu",
      required = true,
      converter = Converters.Fraction.class,
      paramLabel = "PERCENT",
      description = "CPU utilization of the request, e.g. 85%%")
  double cpu;

  @Option(
      names = "--memory",
      required = true,
      converter = Converters.Fraction.class,
      paramLabel = "PERCENT",
      description = "Memory utilization, e.g. 70%%")
  double memory;

  @Option(
      names = "--latency-p95",
      required = true,
      converter = Converters.HumanDuration.class,
      paramLabel = "DURATION",
      description = "p95 latency, e.g. 180ms")
  Duration latencyP95;

  @Option(
      names = "--latency-p50",
      converter = Converters.HumanDuration.class,
      paramLabel = "DURATION",
      description = "p50 latency, e.g. 120ms")
  Duration latencyP50;

  @Option(
      names = "--error-rate",
      converter = Converters.Fraction.class,
      paramLabel = "PERCENT",
      description = "Error rate, e.g. 0.5%%")
  Double errorRate;

  @Option(names = "--throughput", paramLabel = "RPS", description = "Requests per second")
  Double throughput;

  @Option(
      names = "--json",
      description = "Print the decision and verdict as JSON (snake_case, as in the seeds)")
  boolean json;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Blueprint bp = load(blueprint);
    if (replicas < 0 || ready != null && (ready < 0 || ready > replicas)) {
      throw new CliException(
          SpecopsCli.INVALID_INPUT, "--replicas must be >= 0 and --ready between 0 and --replicas");
    }
    Instant now = Instant.now();
    MetricsSnapshot snapshot =
        new MetricsSnapshot(
            bp.name(),
            replicas,
            replicas,
            ready == null ? replicas : ready,
            new Metrics(
                cpu,
                memory,
                latencyP50 == null ? null : (double) latencyP50.toMillis(),
                (double) latencyP95.toMillis(),
                throughput,
                errorRate),
            now,
            "cli");
    Decision decision = new DecisionEngine().decide(bp, snapshot, DecisionContext.at(now, 1));
    Verdict verdict = new GovernanceEngine().evaluate(bp, decision, now);
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.writePretty(DecisionReport.json(decision, verdict)));
    } else {
      out.print(DecisionReport.text(bp, decision, verdict));
    }
    out.flush();
    return 0;
  }

  static Blueprint load(Path file) {
    try {
      return BlueprintLoader.loadFile(file);
    } catch (BlueprintException e) {
      throw new CliException(SpecopsCli.INVALID_INPUT, "invalid blueprint:\n" + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new CliException(SpecopsCli.UNREACHABLE, file + ": " + e.getMessage());
    }
  }
}
