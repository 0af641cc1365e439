package io.specops.metrics;

import io.specops.blueprint.Quantities;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far Prometheus's clock is from this worker's, measured from the evaluation times in its
 * answers. Instant queries are evaluated at Prometheus's own time; a range query's window is moved
 * by the difference, and its samples moved back, so a worker whose clock is off by minutes still
 * reads the latest samples instead of a window in Prometheus's future or past (docs/operations.md).
 */
final class PrometheusClock {
  private static final Logger log = LoggerFactory.getLogger(PrometheusClock.class);

  /** A difference this large is named in the log: NTP keeps clocks within milliseconds. */
  static final Duration NOTABLE = Duration.ofSeconds(30);

  private final String prometheus;
  private Duration ahead;
  private Duration reported = Duration.ZERO;

  PrometheusClock(String prometheus) {
    this.prometheus = prometheus;
  }

  /** Whether an answer has said what time Prometheus has. */
  synchronized boolean known() {
    return ahead != null;
  }

  /** How far Prometheus's clock is ahead of the worker's (negative: behind); zero until known. */
  synchronized Duration ahead() {
    return ahead == null ? Duration.ZERO : ahead;
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
    Duration measured =
        Duration.between(midway, Instant.ofEpochMilli(Math.round(prometheusSeconds * 1000)));
    Duration notice;
    synchronized (this) {
      ahead = measured;
      if (measured.minus(reported).abs().compareTo(NOTABLE) < 0) {
        return;
      }
      reported = notable(measured) ? measured : Duration.ZERO;
      notice = measured;
    }
    if (notable(notice)) {
      log.warn(
          "the clock of Prometheus at {} is {} {} this worker's: SpecOps queries it at its own time"
              + " and moves range queries by the difference; check NTP on both",
          prometheus,
          Quantities.formatDuration(Duration.ofSeconds(notice.abs().toSeconds())),
          notice.isNegative() ? "behind" : "ahead of");
    } else {
      log.info("the clock of Prometheus at {} agrees with this worker's again", prometheus);
    }
  }

  private static boolean notable(Duration d) {
    return d.abs().compareTo(NOTABLE) >= 0;
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
