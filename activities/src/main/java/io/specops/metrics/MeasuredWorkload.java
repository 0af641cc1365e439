package io.specops.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.blueprint.Blueprint;
import io.specops.kubernetes.ContainerDefaults;
import io.specops.kubernetes.PodResources;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The workload a metrics source measures, read first: every source needs its replicas. What its
 * pods request is read here too, for the sources and for {@code specops init}.
 */
public final class MeasuredWorkload {
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
   * room a scale-up really takes, whatever the blueprint says: the template's requests, or its live
   * pods' where admission made them more, or with the namespace's LimitRange defaults where it has
   * none), the CPU its utilization is measured against, with the metrics.
   */
  static MetricsSnapshot snapshot(
      KubernetesClient client,
      Blueprint bp,
      HasMetadata workload,
      List<Pod> live,
      Metrics metrics,
      Instant at,
      String source) {
    PodTemplateSpec template = Workloads.podTemplate(workload);
    ContainerDefaults defaults = templateDefaults(client, workload, live);
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
                : PodResources.requestOfNext(template.getSpec(), live, defaults))
        .withServing(serving(workload, live, defaults));
  }

  /**
   * The LimitRange defaults the workload's next pods will get, where no live pod shows them (a
   * workload at zero, or whose pods are not created yet): a template that asks for nothing would
   * otherwise read as pods that take no room. None when the API will not list them (the template
   * alone then says what a pod requests, as before).
   */
  public static ContainerDefaults templateDefaults(
      KubernetesClient client, HasMetadata workload, List<Pod> live) {
    PodTemplateSpec template = Workloads.podTemplate(workload);
    return ContainerDefaults.forTemplate(
        client,
        workload.getMetadata().getNamespace(),
        template == null ? null : template.getSpec(),
        PodResources.anyAdmitted(live));
  }

  /**
   * What one pod's utilization is measured against, in millicores and bytes: {@link #servingCpu},
   * and the memory alike; null when the pods request neither.
   */
  public static PodRequest serving(
      HasMetadata workload, List<Pod> live, ContainerDefaults defaults) {
    List<Map<String, BigDecimal>> admitted = servingRequests(live);
    long cpu = Math.round(mean(workload, admitted, "cpu", defaults) * 1000);
    long memory = Math.round(mean(workload, admitted, "memory", defaults));
    return cpu > 0 || memory > 0 ? new PodRequest(cpu, memory) : null;
  }

  /**
   * The workload's pods that are neither leaving nor finished, for what they request; none when it
   * has no selector or the API will not list them (the template alone then says what a pod
   * requests).
   */
  public static List<Pod> livePods(KubernetesClient client, HasMetadata workload) {
    LabelSelector selector = Workloads.podSelector(workload);
    if (selector == null) {
      return List.of();
    }
    try {
      return livePods(client, workload, selector);
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  /**
   * The pods the whole selector picks (matchExpressions included: its labels alone may match other
   * pods) that are neither leaving nor finished.
   */
  static List<Pod> livePods(KubernetesClient client, HasMetadata workload, LabelSelector selector) {
    return client
        .pods()
        .inNamespace(workload.getMetadata().getNamespace())
        .withLabelSelector(selector)
        .list()
        .getItems()
        .stream()
        .filter(p -> !leaving(p))
        .toList();
  }

  /**
   * A pod being deleted (it drains and serves less and less), or finished: left out, as the HPA
   * leaves it out, so a scale-down's departing pods do not read as a drop in load.
   */
  private static boolean leaving(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null || Workloads.finished(pod);
  }

  /**
   * The CPU, in cores, that one pod's utilization is measured against (its containers' and native
   * sidecars' requests): the mean over its live pods, as admitted (the utilization divides by
   * theirs: kube-state-metrics exports what the pods request, a LimitRange default or an injected
   * proxy included), else its template's with the namespace's LimitRange defaults; 0 when neither
   * requests any.
   */
  static double servingCpu(KubernetesClient client, HasMetadata workload, List<Pod> live) {
    return mean(workload, servingRequests(live), "cpu", templateDefaults(client, workload, live));
  }

  /** What each live pod's utilization is measured against, as admitted. */
  private static List<Map<String, BigDecimal>> servingRequests(List<Pod> live) {
    return live.stream()
        .filter(p -> p.getSpec() != null)
        .map(p -> PodResources.serving(p.getSpec()))
        .toList();
  }

  /**
   * The mean over the live pods' {@code admitted} requests of {@code resource}, else the template's
   * as {@code defaults} fill it in.
   */
  private static double mean(
      HasMetadata workload,
      List<Map<String, BigDecimal>> admitted,
      String resource,
      ContainerDefaults defaults) {
    double mean = admitted.stream().mapToDouble(r -> amount(r, resource)).average().orElse(0);
    if (mean > 0) {
      return mean;
    }
    PodTemplateSpec template = Workloads.podTemplate(workload);
    return template == null || template.getSpec() == null
        ? 0
        : amount(PodResources.serving(template.getSpec(), defaults), resource);
  }

  private static double amount(Map<String, BigDecimal> resources, String resource) {
    return resources.getOrDefault(resource, BigDecimal.ZERO).doubleValue();
  }
}
