package io.specops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.simulation.LoadProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelKnownPolicyTest {
  @TempDir Path dir;

  @Test
  void theStraysAreMeasuredInSquareRootsOfTheLevel() {
    double[] level = {100, 100, 100, 400};
    double[] counts = {110, 90, 100, 460}; // strays +1, -1, 0, +3
    assertThat(LevelKnownPolicy.strayQuantile(counts, level, 0.75)).isEqualTo(1.0);
    assertThat(LevelKnownPolicy.strayQuantile(counts, level, 1.0)).isEqualTo(3.0);
    assertThat(LevelKnownPolicy.centeredMean(new double[] {0, 3, 6, 9}, 1))
        .containsExactly(1.5, 3, 6, 7.5);
  }

  @Test
  void aSteadyTraceIsSizedForItsLevelExactly() throws Exception {
    // 600 requests a minute, 10 rps per replica: 1 replica carries 600 a minute
    Backtest backtest = backtest(trace("steady.csv", 120, m -> 600));
    LevelKnownPolicy reference = reference(backtest, 0.99);
    assertThat(reference.stray()).isZero();
    Backtest.Result r = backtest.run(reference);
    assertThat(r.replicaMinutes()).isEqualTo(120.0);
    assertThat(r.sloViolationMinutes()).isZero();
  }

  @Test
  void itKnowsTheLevelAheadButNotTheMinutes() throws Exception {
    // Poisson-like minutes around 3 000 requests, a ramp to 6 000 over minutes 60-120, and one
    // lone spike of 3 x in minute 30 that only a policy knowing each minute (the oracle) can carry
    Random random = new Random(5);
    Backtest backtest =
        backtest(
            trace(
                "ramp.csv",
                180,
                m ->
                    m == 30
                        ? 9000
                        : 3000
                            + 50 * Math.min(60, Math.max(0, m - 60))
                            + Math.round(55 * random.nextGaussian())));
    Backtest.Result low = backtest.run(reference(backtest, 0.8));
    Backtest.Result high = backtest.run(reference(backtest, 0.95));
    Backtest.Result oracle =
        backtest.run(new OraclePolicy(backtest.capacityPerReplica(), backtest.startup(), 1, 60));
    // the ramp is known ahead: no violation on it (its end, where the 15-minute mean rounds the
    // corner below the minutes, can have one)
    assertThat(high.samples())
        .filteredOn(s -> s.t() >= 55 * 60 && s.t() < 115 * 60)
        .noneMatch(Backtest.Sample::violation);
    // the lone spike is not
    assertThat(high.samples())
        .filteredOn(s -> s.t() >= 30 * 60 && s.t() < 31 * 60)
        .allMatch(Backtest.Sample::violation);
    assertThat(oracle.sloViolationMinutes()).isZero();
    // a higher coverage costs replicas and removes violations
    assertThat(high.replicaMinutes()).isGreaterThan(low.replicaMinutes());
    assertThat(high.sloViolationMinutes()).isLessThan(low.sloViolationMinutes());
    assertThat(high.policy()).isEqualTo("level-known");
  }

  private static LevelKnownPolicy reference(Backtest backtest, double coverage) {
    return new LevelKnownPolicy(
        backtest.trace(),
        backtest.capacityPerReplica(),
        backtest.startup(),
        coverage,
        Duration.ofMinutes(5),
        1,
        60);
  }

  private static Backtest backtest(Path trace) throws Exception {
    return new Backtest(
        BacktestTest.blueprint(), LoadProfile.Trace.read(trace), 10, Duration.ofSeconds(50));
  }

  private Path trace(String name, int minutes, java.util.function.IntToLongFunction count)
      throws Exception {
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    for (int m = 0; m < minutes; m++) {
      csv.append(m * 60).append(',').append(count.applyAsLong(m)).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, csv);
    return file;
  }
}
