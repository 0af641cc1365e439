package io.specops.metrics;

import java.time.Instant;

/**
 * One observation of a service (seed 001 Step 2): replica counts from the workload, metrics from
 * the metrics source, when they were observed, and where they came from.
 */
public record MetricsSnapshot(
    String service,
    int replicas,
    int podsRunning,
    int podsReady,
    Metrics metrics,
    Instant observedAt,
    String source) {

  public MetricsSnapshot withMetrics(Metrics newMetrics) {
    return new MetricsSnapshot(
        service, replicas, podsRunning, podsReady, newMetrics, observedAt, source);
  }
}
