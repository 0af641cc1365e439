package io.specops.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchedNextEvaluationTest {
  private static final Instant T = Instant.parse("2026-12-01T14:00:00Z");
  private static final Duration EVERY_30S = Duration.ofSeconds(30);

  @Test
  void aDueTimeAheadIsShownAsReported() {
    assertThat(WatchedNextEvaluation.of(T.plusSeconds(12), T, EVERY_30S, T))
        .isEqualTo(T.plusSeconds(12));
  }

  /** A heartbeat 50 s old reported 13:59:38: the watcher has evaluated since, in its rhythm. */
  @Test
  void aDueTimeTheLastHeartbeatReportedIsRolledForwardInTheServicesRhythm() {
    Instant reported = T.minusSeconds(22);
    assertThat(WatchedNextEvaluation.of(reported, T.minusSeconds(52), EVERY_30S, T))
        .isEqualTo(T.plusSeconds(8));
    assertThat(WatchedNextEvaluation.of(reported, null, EVERY_30S, reported))
        .as("due exactly now: the next one")
        .isEqualTo(reported.plus(EVERY_30S));
  }

  /** Handed back to its watcher after the workflow's own evaluation: same rhythm from there. */
  @Test
  void withoutAReportedDueTimeTheLastEvaluationSetsTheRhythm() {
    assertThat(WatchedNextEvaluation.of(null, T.minusSeconds(100), EVERY_30S, T))
        .isEqualTo(T.plusSeconds(20));
    assertThat(WatchedNextEvaluation.of(null, null, EVERY_30S, T)).isNull();
  }

  /** A watcher that stopped heartbeating must still show overdue, not a made-up future. */
  @Test
  void aDueTimeLongerAgoThanAHeartbeatsGapStaysOverdue() {
    Instant reported = T.minus(Duration.ofMinutes(5));
    assertThat(WatchedNextEvaluation.of(reported, reported.minus(EVERY_30S), EVERY_30S, T))
        .isEqualTo(reported);
  }
}
