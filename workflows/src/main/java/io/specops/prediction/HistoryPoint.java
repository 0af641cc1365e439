package io.specops.prediction;

import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;

/**
 * One evaluation's numbers, kept in a service's bounded metrics history (seed 002: 1000 entries).
 */
public record HistoryPoint(
    Instant at,
    int replicas,
    Double weighted,
    Double cpu,
    Double memory,
    Double latencyP95,
    Double throughput,
    Double errorRate) {

  public static HistoryPoint of(MetricsSnapshot s, Double weighted) {
    var m = s.metrics();
    return new HistoryPoint(
        s.observedAt(),
        s.replicas(),
        weighted,
        m.cpuUtilization(),
        m.memoryUtilization(),
        m.latencyP95(),
        m.throughput(),
        m.errorRate());
  }
}
