package io.specops.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.blueprint.Blueprint;
import io.specops.forecast.DemandHistory;
import io.specops.kubernetes.WorkloadRef;
import io.specops.simulation.SimulatedCluster;
import java.time.Clock;
import java.time.Duration;

/**
 * Metrics of the simulated cluster: replica counts from its Kubernetes API over HTTP (as from a
 * real cluster), utilization and latency from its load model (standing in for metrics-server and
 * Prometheus).
 */
public final class SimulatedMetricsSource implements MetricsSource {
  private final SimulatedCluster cluster;
  private final KubernetesClient client;
  private final Clock clock;

  public SimulatedMetricsSource(SimulatedCluster cluster, KubernetesClient client, Clock clock) {
    this.cluster = cluster;
    this.client = client;
    this.clock = clock;
  }

  @Override
  public MetricsSnapshot collect(Blueprint bp) {
    WorkloadRef ref = WorkloadRef.of(bp);
    HasMetadata workload = MeasuredWorkload.read(client, ref);
    Metrics metrics;
    try {
      metrics = cluster.metrics(ref.namespace(), ref.name());
    } catch (IllegalArgumentException e) {
      throw new MetricsUnavailableException(e.getMessage(), e);
    }
    return MeasuredWorkload.snapshot(
        client,
        bp,
        workload,
        MeasuredWorkload.livePods(client, workload),
        metrics,
        clock.instant(),
        "simulated");
  }

  @Override
  public DemandHistory demandHistory(Blueprint bp, Duration window) {
    WorkloadRef ref = WorkloadRef.of(bp);
    return cluster.demandHistory(ref.namespace(), ref.name(), window);
  }
}
