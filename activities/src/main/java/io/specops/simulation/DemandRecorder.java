package io.specops.simulation;

import io.specops.forecast.DemandHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The simulated cluster's record of a service's demand (cpu utilization x ready pods, what a
 * Prometheus would have scraped), per minute, for the last 26 hours: the history the forecaster
 * rebuilds itself from, as it would from a Prometheus range query.
 */
final class DemandRecorder {
  static final Duration RESOLUTION = Duration.ofMinutes(1);
  static final int KEEP = 26 * 60;

  private final Deque<DemandHistory.Point> buckets = new ArrayDeque<>();
  private long bucket = Long.MIN_VALUE;
  private double sum;
  private int n;

  synchronized void record(Instant now, double demand) {
    long b = Math.floorDiv(now.toEpochMilli(), RESOLUTION.toMillis());
    if (n > 0 && b != bucket) {
      close();
    }
    if (!Double.isNaN(demand) && demand >= 0) {
      bucket = b;
      sum += demand;
      n++;
    }
  }

  /** The completed minutes within {@code window} before {@code now}, oldest first. */
  synchronized DemandHistory history(Instant now, Duration window) {
    long current = Math.floorDiv(now.toEpochMilli(), RESOLUTION.toMillis());
    if (n > 0 && current != bucket) {
      close();
    }
    Instant from = now.minus(window);
    List<DemandHistory.Point> out = new ArrayList<>();
    for (DemandHistory.Point p : buckets) {
      if (!p.at().isBefore(from)) {
        out.add(p);
      }
    }
    return new DemandHistory(RESOLUTION, out);
  }

  private void close() {
    buckets.addLast(
        new DemandHistory.Point(Instant.ofEpochMilli(bucket * RESOLUTION.toMillis()), sum / n));
    while (buckets.size() > KEEP) {
      buckets.removeFirst();
    }
    sum = 0;
    n = 0;
  }
}
