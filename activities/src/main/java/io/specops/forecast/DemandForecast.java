package io.specops.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A forecast of a service's demand (a quantity that does not depend on the replica count: CPU in
 * pods' worth of requests, i.e. cpu utilization x ready pods) over the next {@code steps} buckets,
 * with the components it blends and an upper bound from its own measured error.
 *
 * @param current the demand observed now (certain; the window's floor)
 * @param points point forecasts for 1..steps buckets ahead
 * @param uppers upper bounds for the same buckets, at {@code coverageLevel}
 * @param peak the largest of {@code current} and {@code points}
 * @param upperPeak the largest of {@code current} and {@code uppers}: what a decision sizes for
 * @param level the smoothed level (EMA)
 * @param trendPerStep the damped, clipped Theil-Sen slope per bucket (0 when not used)
 * @param seasonal the seasonal component at the peak step, null before a day of history
 * @param surgeRepeats when the upper peak is an expected surge: the interval after which the surge
 *     it repeats came (a day, or the interval recent surges recurred at); null otherwise
 * @param weights each component's weight (naive, level, trend, seasonal) from its recent accuracy
 * @param headroom upper / point - 1 at one step ahead (the measured error's quantile)
 * @param coverageLevel the quantile used now (adapted so that the realized coverage stays at the
 *     target)
 * @param coverageTarget the coverage asked for (spec.prediction.coverage)
 * @param realizedCoverage the share of recent buckets that stayed within the one-step upper bound
 * @param historyBuckets how many buckets of history it rests on
 * @param confident enough history and scored forecasts to size on; otherwise decisions are reactive
 */
public record DemandForecast(
    Instant at,
    Duration resolution,
    int steps,
    double current,
    List<Double> points,
    List<Double> uppers,
    double peak,
    double upperPeak,
    double level,
    double trendPerStep,
    Double seasonal,
    Duration surgeRepeats,
    Weights weights,
    double headroom,
    double coverageLevel,
    double coverageTarget,
    double realizedCoverage,
    int historyBuckets,
    boolean confident) {

  /** The components' weights; they add up to 1. */
  public record Weights(double naive, double level, double trend, double seasonal) {}
}
