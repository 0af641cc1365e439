package io.specops.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A service's demand over time at a fixed resolution, oldest first, as a metrics source returns it
 * (a Prometheus range query, the simulated cluster's record): {@code value} in pods' worth of CPU
 * requests (cpu utilization x ready pods), which does not change when the replica count does.
 */
public record DemandHistory(Duration resolution, List<Point> points) {
  public record Point(Instant at, double value) {}

  /** The same history on a clock {@code offset} ahead of the one that stamped it. */
  public DemandHistory shiftedBy(Duration offset) {
    return offset.isZero()
        ? this
        : new DemandHistory(
            resolution,
            points.stream().map(p -> new Point(p.at().plus(offset), p.value())).toList());
  }

  public static DemandHistory empty(Duration resolution) {
    return new DemandHistory(resolution, List.of());
  }
}
