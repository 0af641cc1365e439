package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the workload's namespace's ResourceQuotas and LimitRanges and its pod template through the
 * Kubernetes API and works out the ceiling ({@link QuotaRoom}). Read only when a decision would
 * scale up, so an idle service costs no API call for it.
 */
public final class ResourceQuotaReader implements QuotaCeilings {
  private final KubernetesClient client;

  public ResourceQuotaReader(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public QuotaReading read(WorkloadRef ref) {
    List<ResourceQuota> quotas = quotas(ref.namespace());
    if (quotas.isEmpty()) {
      return null;
    }
    HasMetadata workload = Workloads.get(client, ref);
    PodTemplateSpec template =
        workload instanceof Deployment d
            ? d.getSpec().getTemplate()
            : workload instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
    if (template == null || template.getSpec() == null) {
      return null;
    }
    // their container defaults count for containers that ask for nothing (none where unreadable)
    List<LimitRange> ranges = ContainerDefaults.list(client, ref.namespace());
    // the pods the quota counts now: status.replicas, every pod the workload has, surge included
    QuotaCeiling ceiling =
        QuotaRoom.ceiling(quotas, template.getSpec(), Workloads.running(workload), ranges);
    QuotaShare share = QuotaRoom.share(ref.namespace(), quotas, template.getSpec(), ranges);
    return ceiling == null && share == null ? null : new QuotaReading(ceiling, share);
  }

  /**
   * The room left in each ResourceQuota of these namespaces, by {@link QuotaShare#key}: what the
   * coordinator pools among the services of a namespace that scale up together.
   */
  public Map<String, Double> left(Collection<String> namespaces) {
    Map<String, Double> left = new TreeMap<>();
    for (String namespace : new TreeSet<>(namespaces)) {
      left.putAll(QuotaRoom.left(namespace, quotas(namespace)));
    }
    return left;
  }

  /**
   * The namespace's quotas; none when not allowed to look (an older Role: the API server still
   * refuses).
   */
  private List<ResourceQuota> quotas(String namespace) {
    return listed(() -> client.resourceQuotas().inNamespace(namespace).list().getItems());
  }

  /** What a list returns; none when the Role does not allow it (403) or the kind is unknown. */
  private static <T> List<T> listed(Supplier<List<T>> list) {
    try {
      return list.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }
}
