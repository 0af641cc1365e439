package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;

/** Reads a Deployment or StatefulSet's replica counts through the Kubernetes API (fabric8). */
public final class Workloads {
  private Workloads() {}

  /** The workload, or null when it does not exist. */
  public static HasMetadata get(KubernetesClient client, WorkloadRef ref) {
    return resource(client, ref).get();
  }

  @SuppressWarnings("unchecked")
  static Resource<HasMetadata> resource(KubernetesClient client, WorkloadRef ref) {
    if ("StatefulSet".equals(ref.kind())) {
      return (Resource<HasMetadata>) (Resource<?>) client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
    }
    return (Resource<HasMetadata>) (Resource<?>) client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
  }

  public static int desired(HasMetadata w) {
    Integer r = w instanceof Deployment d ? d.getSpec().getReplicas() : ((StatefulSet) w).getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  public static int ready(HasMetadata w) {
    Integer r = w instanceof Deployment d
        ? d.getStatus() == null ? null : d.getStatus().getReadyReplicas()
        : ((StatefulSet) w).getStatus() == null ? null : ((StatefulSet) w).getStatus().getReadyReplicas();
    return r == null ? 0 : r;
  }

  public static int running(HasMetadata w) {
    Integer r = w instanceof Deployment d
        ? d.getStatus() == null ? null : d.getStatus().getReplicas()
        : ((StatefulSet) w).getStatus() == null ? null : ((StatefulSet) w).getStatus().getReplicas();
    return r == null ? 0 : r;
  }

  public static int updated(HasMetadata w) {
    Integer r = w instanceof Deployment d
        ? d.getStatus() == null ? null : d.getStatus().getUpdatedReplicas()
        : ((StatefulSet) w).getStatus() == null ? null : ((StatefulSet) w).getStatus().getUpdatedReplicas();
    return r == null ? 0 : r;
  }

  static void setReplicas(HasMetadata w, int replicas) {
    if (w instanceof Deployment d) {
      d.getSpec().setReplicas(replicas);
    } else {
      ((StatefulSet) w).getSpec().setReplicas(replicas);
    }
  }
}
