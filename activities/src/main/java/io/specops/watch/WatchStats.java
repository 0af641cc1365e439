package io.specops.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** For the bench: every evaluation's lag from due to decided, as the watch loop saw it. */
public final class WatchStats {
  private final List<long[]> samples = new ArrayList<>();

  synchronized void evaluated(String service, Instant due, Instant at) {
    samples.add(new long[] {at.toEpochMilli(), Math.max(0, Duration.between(due, at).toMillis())});
  }

  /** The lags (ms) of evaluations made in [from, to). */
  public synchronized List<Long> lags(Instant from, Instant to) {
    List<Long> out = new ArrayList<>();
    for (long[] s : samples) {
      if (s[0] >= from.toEpochMilli() && s[0] < to.toEpochMilli()) {
        out.add(s[1]);
      }
    }
    return out;
  }
}
