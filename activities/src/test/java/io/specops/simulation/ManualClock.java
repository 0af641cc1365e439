package io.specops.simulation;

import io.specops.time.TemporalClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. */
public final class ManualClock {
  private final AtomicLong millis;
  private final TemporalClock clock;

  public ManualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
    this.clock = new TemporalClock(millis::get);
  }

  public TemporalClock clock() {
    return clock;
  }

  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }
}
