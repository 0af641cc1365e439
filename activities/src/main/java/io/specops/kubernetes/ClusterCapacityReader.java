package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.coordination.ClusterCapacity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the cluster's capacity as the scheduler sees it: the allocatable CPU and memory of the
 * nodes that take new pods (not cordoned, not NotReady) minus the requests of every pod that is not
 * finished and not bound to a node left out. Of the taints only a control-plane node's are read:
 * whether a pod tolerates another depends on the pod.
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
    Map<String, String> leftOut = new TreeMap<>();
    for (Node node : client.nodes().list().getItems()) {
      String unusable = unusable(node);
      if (unusable != null) {
        leftOut.put(node.getMetadata().getName(), unusable);
        continue;
      }
      if (node.getStatus() == null || node.getStatus().getAllocatable() == null) {
        continue;
      }
      cpu += millicores(node.getStatus().getAllocatable().get("cpu"));
      memory += bytes(node.getStatus().getAllocatable().get("memory"));
    }
    long cpuRequested = 0;
    long memoryRequested = 0;
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      if (Workloads.finished(pod) || pod.getSpec() == null) {
        continue;
      }
      // a left-out node's pods use its capacity, not the rest's; a pending pod will use the rest's
      if (pod.getSpec().getNodeName() != null && leftOut.containsKey(pod.getSpec().getNodeName())) {
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
        cpu,
        cpuRequested,
        memory,
        memoryRequested,
        "kubernetes nodes and pod requests"
            + (leftOut.isEmpty()
                ? ""
                : leftOut.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ", " (left out: ", ")"))));
  }

  /**
   * The taints kubeadm and most installers put on control-plane nodes: workloads do not tolerate
   * them, so those nodes' allocatable is not theirs. Other taints depend on the pod and are not
   * read.
   */
  private static final Set<String> CONTROL_PLANE =
      Set.of("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master");

  /**
   * Why the scheduler places no new pod on this node (cordoned, a control-plane node, or not
   * Ready), or null. A node reporting no Ready condition at all is counted: there is nothing to say
   * it is down.
   */
  static String unusable(Node node) {
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return "cordoned";
    }
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (Taint t : node.getSpec().getTaints()) {
        if (CONTROL_PLANE.contains(t.getKey())
            && ("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))) {
          return "control plane (" + t.getKey() + ":" + t.getEffect() + ")";
        }
      }
    }
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        if ("Ready".equals(c.getType()) && !"True".equals(c.getStatus())) {
          return "not Ready";
        }
      }
    }
    return null;
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
