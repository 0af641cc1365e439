package io.specops.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.blueprint.Blueprint;
import io.specops.kubernetes.PodResources;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;
import java.math.BigDecimal;
import java.time.Instant;

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

  /**
   * What a source observed: the workload's replica counts and what each of its pods requests (the
   * room a scale-up really takes, whatever the blueprint says), with the metrics.
   */
  static MetricsSnapshot snapshot(
      Blueprint bp, HasMetadata workload, Metrics metrics, Instant at, String source) {
    PodTemplateSpec template = Workloads.podTemplate(workload);
    return new MetricsSnapshot(
            bp.name(),
            Workloads.desired(workload),
            Workloads.running(workload),
            Workloads.ready(workload),
            metrics,
            at,
            source)
        .withPodRequest(
            template == null || template.getSpec() == null
                ? null
                : PodResources.request(template.getSpec()));
  }

  /**
   * The CPU, in cores, that one pod's utilization is measured against (its containers' and native
   * sidecars' requests, from the template); 0 when the template requests none.
   */
  static double servingCpu(HasMetadata workload) {
    PodTemplateSpec template = Workloads.podTemplate(workload);
    return template == null || template.getSpec() == null
        ? 0
        : PodResources.serving(template.getSpec())
            .getOrDefault("cpu", BigDecimal.ZERO)
            .doubleValue();
  }
}
