package io.specops.forecast;

import java.time.Instant;

/**
 * Turns observations into the per-bucket history a forecaster is fed: the mean of a bucket's
 * observations, handed over once the bucket is complete (the first observation of a later bucket,
 * or {@link #advanceTo} a time in one).
 */
public final class BucketAccumulator {
  private final Forecaster forecaster;
  private long bucket = Long.MIN_VALUE;
  private double sum;
  private int n;

  public BucketAccumulator(Forecaster forecaster) {
    this.forecaster = forecaster;
  }

  public void add(Instant at, double value) {
    advanceTo(at);
    if (value >= 0 && !Double.isNaN(value) && !Double.isInfinite(value)) {
      bucket = forecaster.bucketOf(at);
      sum += value;
      n++;
    }
  }

  /** Completes the open bucket if {@code now} lies in a later one. */
  public void advanceTo(Instant now) {
    long current = forecaster.bucketOf(now);
    if (n > 0 && current > bucket) {
      forecaster.observe(
          Instant.ofEpochMilli(bucket * forecaster.settings().resolution().toMillis()), sum / n);
      sum = 0;
      n = 0;
    }
  }
}
