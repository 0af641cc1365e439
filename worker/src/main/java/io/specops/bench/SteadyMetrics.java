package io.specops.bench;

import io.specops.blueprint.Blueprint;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import java.time.Clock;

/**
 * A service at 50 % of its targets, read from memory: the throughput bench measures Temporal and
 * the worker, not a Kubernetes API (whose cost per evaluation is the metrics source's: a few HTTP
 * reads, the same with any orchestrator).
 */
final class SteadyMetrics implements MetricsSource {
  private final Clock clock;

  SteadyMetrics(Clock clock) {
    this.clock = clock;
  }

  @Override
  public MetricsSnapshot collect(Blueprint blueprint) {
    return new MetricsSnapshot(
        blueprint.name(),
        2,
        2,
        2,
        new Metrics(0.5, 0.5, 40.0, 90.0, 100.0, 0.001),
        clock.instant(),
        "bench");
  }
}
