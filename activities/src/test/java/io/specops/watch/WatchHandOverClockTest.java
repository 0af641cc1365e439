package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch's progress goes from lease to lease, and from worker to worker when one stops or dies:
 * its times are the clock of the worker that wrote them. From a worker 15 minutes ahead, a service
 * "due in 3 s" was not evaluated for 15 minutes by the next one (found running a whole worker with
 * its clock 15 minutes ahead on the real control plane: SkewedWorkerClockKubeIT).
 */
class WatchHandOverClockTest {
  static final Duration AHEAD = Duration.ofMinutes(15);

  @TempDir Path audit;

  @Test
  void aServiceDueOnAnotherWorkersClockAheadIsEvaluatedWithinItsInterval() throws Exception {
    try (WatchLeaseFixture lease = WatchLeaseFixture.start(WatchLeaseFixture.QUIET, audit)) {
      WatchedService orders = WatchLeaseFixture.watched("orders");
      // the last lease ran on a worker 15 minutes ahead: it evaluated at its "now" and set the
      // next evaluation one interval (3 s) later
      Instant theirNow = Instant.now().plus(AHEAD);
      ServiceProgress handedOver = progress(theirNow, theirNow.plusSeconds(3), null, null);
      WatchProgress progress = new WatchProgress(Map.of("orders", handedOver), 7, 0, 3);
      // one interval and some: the service is due again within it
      WatchProgress handedBack = lease.runFor(Duration.ofSeconds(6), List.of(orders), progress);

      assertThat(handedBack.services().get("orders").evaluations())
          .as("evaluated again within 6 s (not in 15 minutes)")
          .isGreaterThan(7);
    }
  }

  @Test
  void timesFromAClockAheadMoveBackByAsMuchAsItsLastEvaluationWasAhead() {
    Instant now = Instant.parse("2026-12-05T18:00:00Z");
    Instant theirs = now.plus(AHEAD);
    // a wake for an approval: held 90 s plus the approval's timeout, on their clock
    Duration hold = Duration.ofMinutes(31).plusSeconds(30);
    ServiceProgress ahead =
        progress(theirs, theirs.plusSeconds(3), theirs.plus(hold), theirs.minusSeconds(40));

    assertThat(WatchActivitiesImpl.onThisClock(ahead, now))
        .as("every time moved back 15 minutes, the rest kept")
        .isEqualTo(progress(now, now.plusSeconds(3), now.plus(hold), now.minusSeconds(40)));

    ServiceProgress sameClock =
        progress(
            now.minusSeconds(1), now.plusSeconds(2), now.plusSeconds(60), now.minusSeconds(30));
    assertThat(WatchActivitiesImpl.onThisClock(sameClock, now))
        .as("times this clock could have set are kept")
        .isSameAs(sameClock);
    Instant behind = now.minus(AHEAD);
    ServiceProgress fromBehind = progress(behind, behind.plusSeconds(3), null, null);
    assertThat(WatchActivitiesImpl.onThisClock(fromBehind, now))
        .as("from a clock behind: due at once already")
        .isSameAs(fromBehind);
  }

  /** Seven evaluations, the last a quiet no_action, with these times. */
  private static ServiceProgress progress(
      Instant evaluated, Instant due, Instant engaged, Instant evidence) {
    return new ServiceProgress(
        evaluated, due, engaged, "dec-7", "no_action", 0.45, null, null, null, 7, 0, evidence);
  }
}
