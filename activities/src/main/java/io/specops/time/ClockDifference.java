package io.specops.time;

import io.specops.blueprint.Quantities;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * How far another server's clock is ahead of this worker's, as its latest answer measured it; a
 * difference of {@link #NOTABLE} or more is logged when it appears or changes by that much, and its
 * end once, so a worker off by minutes says so without a line per answer.
 */
public final class ClockDifference {
  /** A difference this large is named in the log: NTP keeps clocks within milliseconds. */
  public static final Duration NOTABLE = Duration.ofSeconds(30);

  private final Logger log;
  private final String consequence;
  private Duration ahead;
  private Duration reported = Duration.ZERO;

  /**
   * {@code consequence} says in the warning what SpecOps does about it ("SpecOps queries it at its
   * own time").
   */
  public ClockDifference(Logger log, String consequence) {
    this.log = log;
    this.consequence = consequence;
  }

  /** Whether an answer has been measured. */
  public synchronized boolean known() {
    return ahead != null;
  }

  /** Ahead of the worker's clock (negative: behind); zero until measured. */
  public synchronized Duration ahead() {
    return ahead == null ? Duration.ZERO : ahead;
  }

  /** {@code server}'s clock measured {@code measured} ahead of the worker's. */
  public void measured(String server, Duration measured) {
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
          "the clock of {} is {} {} this worker's: {}; check NTP on both",
          server,
          Quantities.formatDuration(
              Duration.ofSeconds(Math.round(notice.abs().toMillis() / 1000.0))),
          notice.isNegative() ? "behind" : "ahead of",
          consequence);
    } else {
      log.info("the clock of {} agrees with this worker's again", server);
    }
  }

  private static boolean notable(Duration d) {
    return d.abs().compareTo(NOTABLE) >= 0;
  }
}
