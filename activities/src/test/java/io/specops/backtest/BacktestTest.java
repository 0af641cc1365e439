package io.specops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.simulation.LoadProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestTest {
  @TempDir Path dir;

  @Test
  void theOracleNeverViolatesAndRunsFewerReplicasThanTheHpa() throws Exception {
    Backtest backtest = backtest(stepTrace());
    Blueprint bp = blueprint();
    Backtest.Result oracle =
        backtest.run(
            new OraclePolicy(backtest.capacityPerReplica(), Duration.ofSeconds(50), 1, 60));
    Backtest.Result hpa = backtest.run(new HpaPolicy(0.7, 1, 60));
    Backtest.Result specops = backtest.run(new SpecopsPolicy(bp));
    assertThat(oracle.sloViolationMinutes()).isZero();
    assertThat(oracle.replicaMinutes()).isLessThan(hpa.replicaMinutes());
    // a jump from 20 to 120 rps cannot be met by a reactive policy within one start-up
    assertThat(hpa.sloViolationMinutes()).isPositive();
    assertThat(specops.scaleEvents()).isPositive();
    assertThat(specops.samples()).hasSize(oracle.samples().size());
    // deterministic: the same run twice gives the same numbers
    assertThat(backtest.run(new SpecopsPolicy(bp))).usingRecursiveComparison().isEqualTo(specops);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theJsonNamesEveryPolicyWithItsRatiosToTheHpaAndTheOracle() throws Exception {
    Backtest backtest = backtest(stepTrace());
    List<Backtest.Result> results =
        List.of(
            backtest.run(new SpecopsPolicy(blueprint())),
            backtest.run(new HpaPolicy(0.7, 1, 60)),
            backtest.run(
                new OraclePolicy(backtest.capacityPerReplica(), Duration.ofSeconds(50), 1, 60)));
    Map<String, Object> json =
        BacktestReport.json("step.csv", backtest.capacityPerReplica(), "50s", results);
    assertThat(json).containsEntry("trace", "step.csv");
    List<Map<String, Object>> policies = (List<Map<String, Object>>) json.get("policies");
    assertThat(policies)
        .extracting(p -> p.get("policy"))
        .containsExactly("specops", "hpa", "oracle");
    assertThat(policies.get(0))
        .containsKeys(
            "slo_violation_minutes", "replica_minutes", "scale_events", "vs_hpa", "vs_oracle");
    Map<String, Object> vsHpa = (Map<String, Object>) policies.get(0).get("vs_hpa");
    assertThat((Double) vsHpa.get("replica_minutes"))
        .isEqualTo(
            Math.round(results.get(0).replicaMinutes() / results.get(1).replicaMinutes() * 1000)
                / 1000.0);
    assertThat(BacktestReport.table("step.csv", results))
        .contains("specops")
        .contains("repl/oracle");
  }

  @Test
  void theDefaultCapacityMakesTheMedianLoadNeedFourReplicasAtTarget() throws Exception {
    LoadProfile.Trace trace = LoadProfile.Trace.read(stepTrace());
    double capacity = Backtest.defaultCapacity(trace, blueprint());
    assertThat(trace.median() / (capacity * 0.7))
        .isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  private Backtest backtest(Path trace) throws Exception {
    LoadProfile.Trace t = LoadProfile.Trace.read(trace);
    return new Backtest(blueprint(), t, 10, Duration.ofSeconds(50));
  }

  static Blueprint blueprint() {
    return BlueprintParser.parse(
        "bench.yaml",
        TestBlueprints.yaml("frontend").replace("max_replicas: 5", "max_replicas: 60"));
  }

  /** Two hours: 20 rps, a jump to 120 rps for 20 minutes, back to 20. */
  private Path stepTrace() throws Exception {
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    for (int minute = 0; minute < 120; minute++) {
      int rps = minute >= 40 && minute < 60 ? 120 : 20;
      csv.append(minute * 60).append(',').append(rps * 60).append('\n');
    }
    Path file = dir.resolve("step.csv");
    Files.writeString(file, csv);
    return file;
  }
}
