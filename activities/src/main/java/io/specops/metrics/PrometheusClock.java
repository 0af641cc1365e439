package io.specops.metrics;

import io.specops.time.ClockDifference;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * How far Prometheus's clock is from this worker's, measured from the evaluation times in its
 * answers. Instant queries are evaluated at Prometheus's own time; a range query's window is moved
 * by the difference, and its samples moved back, so a worker whose clock is off by minutes still
 * reads the latest samples instead of a window in Prometheus's future or past (docs/operations.md).
 */
final class PrometheusClock {
  private final String prometheus;
  private final ClockDifference difference =
      new ClockDifference(
          LoggerFactory.getLogger(PrometheusClock.class),
          "SpecOps queries it at its own time and moves range queries by the difference");

  PrometheusClock(String prometheus) {
    this.prometheus = prometheus;
  }

  /** Whether an answer has said what time Prometheus has. */
  boolean known() {
    return difference.known();
  }

  /** How far Prometheus's clock is ahead of the worker's (negative: behind); zero until known. */
  Duration ahead() {
    return difference.ahead();
  }

  /**
   * An answer evaluated at {@code prometheusSeconds} on Prometheus's clock, to a request sent at
   * {@code sent} and answered at {@code received} on the worker's: it was evaluated in between.
   */
  void evaluatedAt(double prometheusSeconds, Instant sent, Instant received) {
    if (Double.isNaN(prometheusSeconds) || prometheusSeconds <= 0) {
      return;
    }
    Instant midway = sent.plus(Duration.between(sent, received).dividedBy(2));
    difference.measured(
        "Prometheus at " + prometheus,
        Duration.between(midway, Instant.ofEpochMilli(Math.round(prometheusSeconds * 1000))));
  }

  /** A worker's instant on Prometheus's clock. */
  Instant toPrometheus(Instant worker) {
    return worker.plus(ahead());
  }

  /** An instant on Prometheus's clock, on the worker's. */
  Instant toWorker(Instant prometheusInstant) {
    return prometheusInstant.minus(ahead());
  }
}
