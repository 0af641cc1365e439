package io.specops.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock read from a millisecond supplier: the system clock in production, the Temporal test
 * server's (time-skipping) clock in the demo and in tests, so that the simulated cluster, the
 * activities and the workflows agree on the time.
 */
public final class TemporalClock extends Clock {
  private final LongSupplier millis;

  public TemporalClock(LongSupplier millis) {
    this.millis = millis;
  }

  public static Clock system() {
    return Clock.systemUTC();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public long millis() {
    return millis.getAsLong();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.getAsLong());
  }
}
