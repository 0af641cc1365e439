package io.specops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.TestBlueprints;
import io.specops.simulation.LoadProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SpecOps' reason to exist, kept from regressing: on the real traces (bench/traces, as `specops
 * backtest` runs them) its decisions beat the Kubernetes HPA's. The numbers themselves are in
 * docs/backtest.md; this checks only the side of the HPA each lands on, deterministically.
 */
class RealTracesTest {
  private static final Path TRACES = TestBlueprints.repoRoot().resolve("bench/traces");

  /** `specops backtest`'s default pod start-up. */
  private static final Duration STARTUP = Duration.ofSeconds(50);

  /** The traces the forecaster was tuned on: better than the HPA on both axes, no more events. */
  @ParameterizedTest
  @MethodSource("tuned")
  void onTheTunedTracesSpecopsBeatsTheHpaOnViolationsAndCostAtOnce(Path trace) throws Exception {
    Pair p = run(trace);
    p.fewerViolationsAtReplicaMinutesUnder(1.0);
    assertThat(p.specops().scaleEvents()).as("scale events").isLessThan(p.hpa().scaleEvents());
  }

  /**
   * Windows never used for tuning: better than the HPA on both axes on every one (measured: up to
   * 0.993 x its replica-minutes on NASA's week of 11 August; before the bound's strays were taken
   * at the square root of the level, 4 of the 5 NASA weeks cost 1.02-1.06 x, docs/backtest.md
   * "Held-out windows").
   */
  @ParameterizedTest
  @MethodSource("heldOut")
  void onHeldOutWindowsSpecopsBeatsTheHpaOnViolationsAndCostAtOnce(Path trace) throws Exception {
    run(trace).fewerViolationsAtReplicaMinutesUnder(1.0);
  }

  private record Pair(Backtest.Result specops, Backtest.Result hpa) {
    void fewerViolationsAtReplicaMinutesUnder(double timesTheHpas) {
      assertThat(specops.sloViolationMinutes())
          .as("violation-minutes")
          .isLessThan(hpa.sloViolationMinutes());
      assertThat(specops.replicaMinutes())
          .as("replica-minutes")
          .isLessThan(timesTheHpas * hpa.replicaMinutes());
    }
  }

  private static Pair run(Path trace) throws IOException {
    Blueprint bp = BacktestTest.benchBlueprint();
    LoadProfile.Trace t = LoadProfile.Trace.read(trace);
    Backtest backtest = new Backtest(bp, t, Backtest.defaultCapacity(t, bp), STARTUP);
    return new Pair(backtest.run(new SpecopsPolicy(bp)), backtest.run(HpaPolicy.forBlueprint(bp)));
  }

  static Stream<Path> tuned() throws IOException {
    return csvs(TRACES);
  }

  static Stream<Path> heldOut() throws IOException {
    return csvs(TRACES.resolve("holdout"));
  }

  private static Stream<Path> csvs(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> csv = files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
      assertThat(csv).as("traces in " + dir).isNotEmpty();
      return csv.stream();
    }
  }
}
