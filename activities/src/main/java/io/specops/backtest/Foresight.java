package io.specops.backtest;

import java.time.Duration;
import java.util.function.DoubleUnaryOperator;

/**
 * What the reference policies that read the future share: how far ahead a pod asked for now serves,
 * and the largest need over the scale-down window behind and that lead ahead.
 */
final class Foresight {
  private static final double STEP_SECONDS = Backtest.STEP.toMillis() / 1000.0;

  private Foresight() {}

  /**
   * A pod started now serves from the first step after its start-up; the next decision is one step
   * later: the start-up rounded up to the step, plus one step.
   */
  static double leadSeconds(Duration startup) {
    return Math.ceil(startup.toMillis() / 1000.0 / STEP_SECONDS) * STEP_SECONDS + STEP_SECONDS;
  }

  /**
   * The most replicas {@code replicasAt} (fractional, at a time in seconds) asks for, every 5 s
   * from {@code window} before {@code t} to {@code lead} after it, rounded up and within the bounds
   * (at least one).
   */
  static int largestNeed(
      double t,
      double windowSeconds,
      double leadSeconds,
      DoubleUnaryOperator replicasAt,
      int min,
      int max) {
    int needed = 0;
    for (double s = Math.max(0, t - windowSeconds); s <= t + leadSeconds + 1e-9; s += 5) {
      needed = Math.max(needed, (int) Math.ceil(replicasAt.applyAsDouble(s) - 1e-9));
    }
    return Math.max(min, Math.min(max, Math.max(needed, 1)));
  }
}
