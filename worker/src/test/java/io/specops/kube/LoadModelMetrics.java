package io.specops.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.blueprint.Blueprint;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.MetricsUnavailableException;
import io.specops.simulation.LoadProfile;
import io.specops.simulation.Scenario;
import io.specops.simulation.ServiceModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Metrics for services on a real control plane: replicas and ready pods read from the real
 * Deployment (through the same RBAC-bound client SpecOps uses), utilization and latency from the
 * simulated cluster's load model for a scenario's service (kwok's pods serve no traffic).
 */
final class LoadModelMetrics implements MetricsSource {
  private final KubernetesClient client;
  private final Clock clock;
  private final Instant start;
  private final Map<String, ServiceModel> models = new HashMap<>();
  private final Map<String, LoadProfile> loads = new HashMap<>();

  LoadModelMetrics(KubernetesClient client, Clock clock, Scenario scenario) {
    this.client = client;
    this.clock = clock;
    this.start = clock.instant();
    for (Scenario.Service s : scenario.services()) {
      LoadProfile load = LoadProfile.of(s.load(), null);
      loads.put(s.name(), load);
      models.put(s.name(), ServiceModel.calibrate(s, load.rps(Duration.ZERO)));
    }
  }

  @Override
  public MetricsSnapshot collect(Blueprint bp) {
    WorkloadRef ref = WorkloadRef.of(bp);
    HasMetadata w = Workloads.get(client, ref);
    if (w == null) {
      throw new MetricsUnavailableException("no Deployment " + ref);
    }
    int ready = Workloads.ready(w);
    double rps = loads.get(bp.name()).rps(Duration.between(start, clock.instant()));
    return new MetricsSnapshot(
        bp.name(),
        Workloads.desired(w),
        Workloads.running(w),
        ready,
        models.get(bp.name()).observe(ready, rps),
        clock.instant(),
        "kube-load-model");
  }
}
