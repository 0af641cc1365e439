package io.specops.metrics;

import io.specops.blueprint.Blueprint;

/**
 * Where a service's replica counts and metrics come from: the simulated cluster, Prometheus, or
 * the Kubernetes metrics API. Throws {@link MetricsUnavailableException} naming what could not be
 * read; the decision engine then records "insufficient metrics" and takes no action.
 */
public interface MetricsSource {
  MetricsSnapshot collect(Blueprint blueprint);
}
