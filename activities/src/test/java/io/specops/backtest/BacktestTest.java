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
  void theClairvoyantHasTheOraclesForesightUnderTheBlueprintsCeilingAndWindow() throws Exception {
    Backtest backtest = backtest(noisyTrace());
    double capacity = backtest.capacityPerReplica();
    Duration startup = Duration.ofSeconds(50);
    OraclePolicy oraclePolicy = new OraclePolicy(capacity, startup, 1, 60);
    Backtest.Result oracle = backtest.run(oraclePolicy);
    Backtest.Result unlimited = backtest.run(oraclePolicy.clairvoyant(1.0, Duration.ZERO));
    Backtest.Result limited = backtest.run(oraclePolicy.clairvoyant(0.9, Duration.ofSeconds(300)));
    assertThat(unlimited.policy()).isEqualTo("clairvoyant");
    // no ceiling and no window: the oracle itself
    assertThat(unlimited.replicaMinutes()).isEqualTo(oracle.replicaMinutes());
    assertThat(unlimited.scaleEvents()).isEqualTo(oracle.scaleEvents());
    // the ceiling and the window cost replicas and save scale events, never a violation
    assertThat(limited.sloViolationMinutes()).isZero();
    assertThat(limited.replicaMinutes()).isGreaterThan(oracle.replicaMinutes() * 1.1);
    assertThat(limited.scaleEvents()).isLessThan(oracle.scaleEvents() / 2);
    // and, as SpecOps, at most one scale-down per cooldown
    double lastDown = Double.NEGATIVE_INFINITY;
    int downs = 0;
    List<Backtest.Sample> steps = limited.samples();
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).replicas() < steps.get(i - 1).replicas()) {
        assertThat(steps.get(i).t() - lastDown)
            .as("at %.0f s", steps.get(i).t())
            .isGreaterThanOrEqualTo(300);
        lastDown = steps.get(i).t();
        downs++;
      }
    }
    assertThat(downs).isPositive();
  }

  @Test
  void aScaleUpForASurgeOnATimetableSaysWhichSurgeItRepeats() throws Exception {
    // 3 x surges of 10 minutes every 2 hours for 18 hours: the recurrence is learned after a few,
    // and the later ones are met by a scale-up before they come, whose rationale names the repeat
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    java.util.Random random = new java.util.Random(5);
    for (int minute = 0; minute < 18 * 60; minute++) {
      double rps = (minute % 120 >= 60 && minute % 120 < 70 ? 90 : 30) + random.nextGaussian();
      csv.append(minute * 60).append(',').append(Math.round(rps * 60)).append('\n');
    }
    Path file = dir.resolve("timetable.csv");
    Files.writeString(file, csv);
    Blueprint bp = benchBlueprint();
    LoadProfile.Trace trace = LoadProfile.Trace.read(file);
    SpecopsPolicy specops = new SpecopsPolicy(bp);
    List<String> foreseen = new java.util.ArrayList<>();
    Policy watched =
        watching(
            specops,
            (o, wanted) -> {
              String why = specops.lastDecision().rationale();
              if (wanted > o.desired() && why.contains("a surge expected: one came 2h before")) {
                foreseen.add((int) (o.t() / 60) % 120 + " " + why);
              }
            });
    Backtest.Result result =
        new Backtest(bp, trace, Backtest.defaultCapacity(trace, bp), Duration.ofSeconds(50))
            .run(watched);
    assertThat(foreseen).as("scale-ups for an expected surge").isNotEmpty();
    // each one in the minute before a surge (minute 59 of the 2-hour cycle)
    assertThat(foreseen).allSatisfy(line -> assertThat(line).startsWith("59 "));
    assertThat(result.sloViolationMinutes()).isPositive(); // the first surges were not foreseen
  }

  @Test
  void aPredictiveScaleDownStaysUnderTheScaleUpThresholdAtTheForecastsUpperBound()
      throws Exception {
    Blueprint bp = benchBlueprint();
    LoadProfile.Trace trace = LoadProfile.Trace.read(noisyTrace());
    SpecopsPolicy specops = new SpecopsPolicy(bp);
    List<String> downs = new java.util.ArrayList<>();
    Policy watched =
        watching(
            specops,
            (o, wanted) -> {
              if (wanted < o.desired() && "predictive".equals(specops.lastDecision().trigger())) {
                downs.add(specops.lastDecision().rationale());
              }
            });
    new Backtest(bp, trace, Backtest.defaultCapacity(trace, bp), Duration.ofSeconds(50))
        .run(watched);
    assertThat(downs).isNotEmpty();
    java.util.regex.Pattern projected =
        java.util.regex.Pattern.compile(
            "projected utilization ([0-9.]+)%, CPU ([0-9.]+)% at the forecast's upper bound"
                + " \\(headroom \\+\\d+%\\)");
    for (String why : downs) {
      var m = projected.matcher(why);
      assertThat(m.find()).as(why).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as(why).isLessThanOrEqualTo(80.0);
      assertThat(Double.parseDouble(m.group(2))).as(why).isLessThanOrEqualTo(80.0);
    }
  }

  @Test
  void theDefaultCapacityMakesTheMedianLoadNeedFourReplicasAtTarget() throws Exception {
    LoadProfile.Trace trace = LoadProfile.Trace.read(stepTrace());
    double capacity = Backtest.defaultCapacity(trace, blueprint());
    assertThat(trace.median() / (capacity * 0.7))
        .isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  /** The SpecOps policy, with {@code each} told of every decision (the observation, the ask). */
  private static Policy watching(
      SpecopsPolicy specops, java.util.function.BiConsumer<Policy.Observation, Integer> each) {
    return new Policy() {
      @Override
      public String name() {
        return specops.name();
      }

      @Override
      public Duration period() {
        return specops.period();
      }

      @Override
      public int decide(Observation o) {
        int wanted = specops.decide(o);
        each.accept(o, wanted);
        return wanted;
      }
    };
  }

  private Backtest backtest(Path trace) throws Exception {
    LoadProfile.Trace t = LoadProfile.Trace.read(trace);
    return new Backtest(blueprint(), t, 10, Duration.ofSeconds(50));
  }

  /** The blueprint the backtest's results are measured with (docs/backtest.md). */
  static Blueprint benchBlueprint() throws java.io.IOException {
    return BlueprintParser.parse(
        "bench/backtest-blueprint.yaml",
        Files.readString(TestBlueprints.repoRoot().resolve("bench/backtest-blueprint.yaml")));
  }

  static Blueprint blueprint() {
    return BlueprintParser.parse(
        "bench.yaml",
        TestBlueprints.yaml("frontend").replace("max_replicas: 5", "max_replicas: 60"));
  }

  /** Three hours of noisy load around 40 rps (a seeded random walk in the minute counts). */
  private Path noisyTrace() throws Exception {
    java.util.Random random = new java.util.Random(17);
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    for (int minute = 0; minute < 180; minute++) {
      double rps = 40 + 15 * random.nextGaussian();
      csv.append(minute * 60).append(',').append(Math.round(Math.max(1, rps) * 60)).append('\n');
    }
    Path file = dir.resolve("noisy.csv");
    Files.writeString(file, csv);
    return file;
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
