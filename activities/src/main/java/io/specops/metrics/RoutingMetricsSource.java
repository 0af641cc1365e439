package io.specops.metrics;

import io.specops.blueprint.Blueprint;
import io.specops.forecast.DemandHistory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks each blueprint's metrics source ({@code spec.metrics.source}; {@code auto}: the worker's
 * default).
 */
public final class RoutingMetricsSource implements MetricsSource {
  private final Map<String, MetricsSource> sources;
  private final String defaultSource;

  public RoutingMetricsSource(Map<String, MetricsSource> sources, String defaultSource) {
    this.sources = new TreeMap<>(sources);
    this.defaultSource = defaultSource;
    if (!this.sources.containsKey(defaultSource)) {
      throw new IllegalArgumentException(
          "the default metrics source "
              + defaultSource
              + " is not configured (configured: "
              + String.join(", ", this.sources.keySet())
              + ")");
    }
  }

  @Override
  public MetricsSnapshot collect(Blueprint bp) {
    return source(bp).collect(bp);
  }

  @Override
  public DemandHistory demandHistory(Blueprint bp, Duration window) {
    return source(bp).demandHistory(bp, window);
  }

  private MetricsSource source(Blueprint bp) {
    String name = bp.spec().metrics().source();
    MetricsSource source = sources.get("auto".equals(name) ? defaultSource : name);
    if (source == null) {
      throw new MetricsUnavailableException(
          "metrics source "
              + name
              + " ("
              + bp.ref("spec.metrics.source")
              + ") is not configured on this worker (configured: "
              + String.join(", ", sources.keySet())
              + ")");
    }
    return source;
  }
}
