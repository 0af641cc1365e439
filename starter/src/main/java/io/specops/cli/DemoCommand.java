package io.specops.cli;

import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.governance.Verdict;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Seed 001's scenario: todo-frontend (85%% cpu on 2 replicas) and todo-backend (45%% on 3).")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--blueprints", defaultValue = "blueprints", description = "Blueprint directory (default: ${DEFAULT-VALUE})")
  Path blueprints;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Instant now = Instant.now();
    var out = spec.commandLine().getOut();
    Blueprint frontend = DecideCommand.load(blueprints.resolve("frontend/blueprint.yaml"));
    Blueprint backend = DecideCommand.load(blueprints.resolve("backend/blueprint.yaml"));
    int sequence = 1;
    for (var entry : new Object[][] {
        {frontend, new Metrics(0.85, 0.70, 120.0, 180.0, 180.0, 0.005), 2},
        {backend, new Metrics(0.45, 0.50, 60.0, 100.0, 250.0, 0.002), 3}}) {
      Blueprint bp = (Blueprint) entry[0];
      int replicas = (int) entry[2];
      MetricsSnapshot snapshot = new MetricsSnapshot(bp.name(), replicas, replicas, replicas, (Metrics) entry[1], now, "seed-001");
      Decision decision = new DecisionEngine().decide(bp, snapshot, DecisionContext.at(now, sequence++));
      Verdict verdict = new GovernanceEngine().evaluate(bp, decision, now);
      out.print(DecisionReport.text(bp, decision, verdict));
      out.println();
    }
    out.flush();
    return 0;
  }
}
