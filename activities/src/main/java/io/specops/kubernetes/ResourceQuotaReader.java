package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

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

  /**
   * The namespace's LimitRanges, whose container defaults the quota counts for containers that ask
   * for nothing; none when they cannot be read (an older Role).
   */
  private List<LimitRange> limitRanges(String namespace) {
    try {
      return client.limitRanges().inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public QuotaCeiling ceiling(WorkloadRef ref) {
    List<ResourceQuota> quotas;
    try {
      quotas = client.resourceQuotas().inNamespace(ref.namespace()).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return null; // not allowed to look (an older Role): the API server still refuses
      }
      throw e;
    }
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
    // the pods the quota counts now: status.replicas, every pod the workload has, surge included
    return QuotaRoom.ceiling(
        quotas, template.getSpec(), Workloads.running(workload), limitRanges(ref.namespace()));
  }
}
