package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.coordination.ClusterCapacity;
import java.math.BigDecimal;

/**
 * Reads the cluster's capacity as the scheduler sees it: the nodes' allocatable CPU and memory
 * minus the requests of every pod that is not finished.
 */
public final class ClusterCapacityReader {
  private final KubernetesClient client;

  public ClusterCapacityReader(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient client() {
    return client;
  }

  public ClusterCapacity read() {
    long cpu = 0;
    long memory = 0;
    for (Node node : client.nodes().list().getItems()) {
      if (node.getStatus() == null || node.getStatus().getAllocatable() == null) {
        continue;
      }
      cpu += millicores(node.getStatus().getAllocatable().get("cpu"));
      memory += bytes(node.getStatus().getAllocatable().get("memory"));
    }
    long cpuRequested = 0;
    long memoryRequested = 0;
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase) || pod.getSpec() == null) {
        continue;
      }
      for (Container c : pod.getSpec().getContainers()) {
        if (c.getResources() != null && c.getResources().getRequests() != null) {
          cpuRequested += millicores(c.getResources().getRequests().get("cpu"));
          memoryRequested += bytes(c.getResources().getRequests().get("memory"));
        }
      }
    }
    return new ClusterCapacity(
        cpu, cpuRequested, memory, memoryRequested, "kubernetes nodes and pod requests");
  }

  static long millicores(Quantity q) {
    return q == null
        ? 0
        : Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).longValue();
  }

  static long bytes(Quantity q) {
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }
}
