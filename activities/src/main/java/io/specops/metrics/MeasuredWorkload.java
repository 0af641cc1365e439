package io.specops.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;

/** The workload a metrics source measures, read first: every source needs its replicas. */
final class MeasuredWorkload {
  private MeasuredWorkload() {}

  /** The workload, or a {@link MetricsUnavailableException} naming it and what went wrong. */
  static HasMetadata read(KubernetesClient client, WorkloadRef ref) {
    HasMetadata workload;
    try {
      workload = Workloads.get(client, ref);
    } catch (KubernetesClientException e) {
      throw new MetricsUnavailableException(
          "cannot read " + ref + " (Kubernetes API: " + e.getMessage() + ")", e);
    }
    if (workload == null) {
      throw new MetricsUnavailableException(ref.missing());
    }
    return workload;
  }
}
