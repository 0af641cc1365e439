package io.specops.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.specops.blueprint.Blueprint;
import io.specops.kubernetes.PodResources;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory from the Kubernetes metrics API (metrics.k8s.io, served by metrics-server), as a
 * fraction of the Ready pods' requests, for clusters without Prometheus. It knows nothing of
 * latency, errors or throughput: blueprints that use it set {@code spec.evaluation.weights.latency:
 * 0}.
 */
public final class KubernetesMetricsSource implements MetricsSource {
  /** The {@link MetricsSnapshot#source()} of what it reads. */
  public static final String NAME = "kubernetes";

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesMetricsSource(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public MetricsSnapshot collect(Blueprint bp) {
    WorkloadRef ref = WorkloadRef.of(bp);
    // its own read, so that a workload the API will not give is not blamed on metrics-server
    HasMetadata workload = MeasuredWorkload.read(client, ref);
    try {
      LabelSelector selector = Workloads.podSelector(workload);
      if (selector == null) {
        throw new MetricsUnavailableException(ref + " has no pod selector");
      }
      // leaving pods left out, as the HPA leaves them out: a scale-down's departing pods would
      // read as a drop in load
      List<Pod> pods = MeasuredWorkload.livePods(client, workload, selector);
      Map<String, PodMetrics> usage = new HashMap<>();
      // metrics.k8s.io is asked by labels only: what it answers beyond the pods above is not read.
      // Not asked when no pod is Ready: there is nothing to measure, and a workload scaled to zero
      // is then read as off, not as metrics-server missing
      Map<String, String> labels =
          selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
      List<PodMetrics> measuredPods =
          pods.stream().noneMatch(Readiness::isPodReady)
              ? List.of()
              : client
                  .top()
                  .pods()
                  .inNamespace(ref.namespace())
                  .withLabels(labels)
                  .metrics()
                  .getItems();
      for (PodMetrics m : measuredPods) {
        usage.put(m.getMetadata().getName(), m);
      }
      BigDecimal cpuUsed = BigDecimal.ZERO;
      BigDecimal cpuRequested = BigDecimal.ZERO;
      BigDecimal memoryUsed = BigDecimal.ZERO;
      BigDecimal memoryRequested = BigDecimal.ZERO;
      int measured = 0;
      for (Pod pod : pods) {
        PodMetrics m = usage.get(pod.getMetadata().getName());
        if (m == null || !Readiness.isPodReady(pod)) {
          // not measured yet, or not Ready: a starting pod's usage is its warm-up, not load, and
          // the decision engine counts pods not ready yet as idle itself, as the HPA does; left
          // out, as the HPA leaves them out
          continue;
        }
        measured++;
        for (ContainerMetrics c : m.getContainers()) {
          cpuUsed = cpuUsed.add(PodResources.amount(c.getUsage().get("cpu")));
          memoryUsed = memoryUsed.add(PodResources.amount(c.getUsage().get("memory")));
        }
        // what runs: the containers and the native sidecars, whose usage is in the metrics too
        Map<String, BigDecimal> requests = PodResources.serving(pod.getSpec());
        cpuRequested = cpuRequested.add(requests.getOrDefault("cpu", BigDecimal.ZERO));
        memoryRequested = memoryRequested.add(requests.getOrDefault("memory", BigDecimal.ZERO));
      }
      Double cpu =
          measured == 0 || cpuRequested.signum() == 0
              ? null
              : cpuUsed.doubleValue() / cpuRequested.doubleValue();
      Double memory =
          measured == 0 || memoryRequested.signum() == 0
              ? null
              : memoryUsed.doubleValue() / memoryRequested.doubleValue();
      return MeasuredWorkload.snapshot(
          client,
          bp,
          workload,
          pods,
          new Metrics(cpu, memory, null, null, null, null),
          clock.instant(),
          NAME);
    } catch (KubernetesClientException e) {
      throw new MetricsUnavailableException(
          "metrics.k8s.io unavailable for "
              + ref
              + " ("
              + e.getMessage()
              + "): is metrics-server installed?",
          e);
    }
  }
}
