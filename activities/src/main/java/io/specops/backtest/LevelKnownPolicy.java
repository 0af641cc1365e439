package io.specops.backtest;

import io.specops.simulation.LoadProfile;
import java.time.Duration;
import java.util.stream.IntStream;

/**
 * A reference, not a policy one could run: it knows the trace's level (the 15-minute mean centered
 * on each minute) one start-up delay ahead, and how far minutes stray from their level over the
 * whole trace, but not the minutes themselves. It sizes each minute for the level plus the {@code
 * coverage} quantile of the strays, measured in square roots of the level (the spread of
 * independent requests grows as the square root of their count), and keeps what it asked for over a
 * scale-down window, at 100 % utilization. Its frontier says how much of a trace's violations no
 * forecast of the level, however good, removes at a given cost (docs/backtest.md).
 */
public final class LevelKnownPolicy implements Policy {
  /** Minutes on each side of the centered mean. */
  static final int HALF_WIDTH = 7;

  private final double[] level;
  private final double bucketSeconds;
  private final double stray;
  private final double requestsPerReplica;
  private final double leadSeconds;
  private final double windowSeconds;
  private final int min;
  private final int max;

  public LevelKnownPolicy(
      LoadProfile.Trace trace,
      double capacityPerReplica,
      Duration startup,
      double coverage,
      Duration window,
      int minReplicas,
      int maxReplicas) {
    this.level = centeredMean(trace.requests(), HALF_WIDTH);
    this.bucketSeconds = trace.bucketSeconds();
    this.stray = strayQuantile(trace.requests(), level, coverage);
    this.requestsPerReplica = capacityPerReplica * bucketSeconds;
    this.leadSeconds = Foresight.leadSeconds(startup);
    this.windowSeconds = window.toMillis() / 1000.0;
    this.min = minReplicas;
    this.max = maxReplicas;
  }

  static double[] centeredMean(double[] counts, int halfWidth) {
    double[] out = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      int from = Math.max(0, i - halfWidth);
      int to = Math.min(counts.length - 1, i + halfWidth);
      double sum = 0;
      for (int j = from; j <= to; j++) {
        sum += counts[j];
      }
      out[i] = sum / (to - from + 1);
    }
    return out;
  }

  /** The coverage quantile of (count - level) / sqrt(level) over the buckets with a level. */
  static double strayQuantile(double[] counts, double[] level, double coverage) {
    double[] z =
        IntStream.range(0, counts.length)
            .filter(i -> level[i] > 0)
            .mapToDouble(i -> (counts[i] - level[i]) / Math.sqrt(level[i]))
            .sorted()
            .toArray();
    if (z.length == 0) {
      return 0;
    }
    return z[(int) Math.min(z.length - 1, Math.ceil(coverage * z.length) - 1)];
  }

  /** The stray it sizes for, in square roots of the level (for tests and the docs). */
  double stray() {
    return stray;
  }

  @Override
  public String name() {
    return "level-known";
  }

  @Override
  public Duration period() {
    return Backtest.STEP;
  }

  @Override
  public int decide(Observation o) {
    return Foresight.largestNeed(o.t(), windowSeconds, leadSeconds, this::replicasAt, min, max);
  }

  /** The replicas (fractional) the level plus the stray needs at {@code s} seconds. */
  private double replicasAt(double s) {
    double l = level[(int) Math.min(level.length - 1, Math.floor(s / bucketSeconds))];
    return (l + stray * Math.sqrt(l)) / requestsPerReplica;
  }
}
