package io.specops.metrics;

import io.specops.blueprint.Blueprint;
import io.specops.forecast.DemandHistory;
import java.time.Duration;

/**
 * Where a service's replica counts and metrics come from: the simulated cluster, Prometheus, or the
 * Kubernetes metrics API. Throws {@link MetricsUnavailableException} naming what could not be read;
 * the decision engine then records "insufficient metrics" and takes no action.
 */
public interface MetricsSource {
  /**
   * How much history the forecaster asks for: a day for its seasonal term, and its windows before
   * that.
   */
  Duration DEMAND_HISTORY = Duration.ofHours(26);

  MetricsSnapshot collect(Blueprint blueprint);

  /**
   * The service's demand (CPU in pods' worth of its request: cpu utilization x ready pods) per
   * minute over the last {@code window}, oldest first; empty where the source keeps no history
   * (then decisions stay reactive until the forecaster has enough).
   */
  default DemandHistory demandHistory(Blueprint blueprint, Duration window) {
    return DemandHistory.empty(Duration.ofMinutes(1));
  }
}
