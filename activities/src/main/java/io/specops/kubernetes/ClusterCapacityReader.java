package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.coordination.ClusterCapacity;
import io.specops.metrics.PodRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the cluster's capacity as the scheduler sees it: the allocatable CPU and memory of the
 * nodes that take new pods (not cordoned, not NotReady) minus the requests of every pod that is not
 * finished and not bound to a node left out, and of the pods Deployments and StatefulSets ask for
 * that their controllers have not created yet. Of the taints only a control-plane node's are read:
 * whether a pod tolerates another depends on the pod.
 */
public final class ClusterCapacityReader {
  private final KubernetesClient client;
  private final Clock clock;

  public ClusterCapacityReader(KubernetesClient client) {
    this(client, Clock.systemUTC());
  }

  /** {@code clock}: what "recent" is for a StatefulSet's refused creates. */
  public ClusterCapacityReader(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
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
    Requests requested = new Requests();
    // the pods before the workloads: a pod created after the pods' read is still owed by a spec
    // read after it; the other way round a write between the two reads would be missed
    Map<String, List<Pod>> live = new HashMap<>();
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      if (Workloads.finished(pod) || pod.getSpec() == null) {
        continue;
      }
      if (pod.getMetadata().getDeletionTimestamp() == null) {
        live.computeIfAbsent(pod.getMetadata().getNamespace(), ns -> new ArrayList<>()).add(pod);
      }
      // a left-out node's pods use its capacity, not the rest's; a pending pod will use the rest's
      if (pod.getSpec().getNodeName() != null && leftOut.containsKey(pod.getSpec().getNodeName())) {
        continue;
      }
      requested.add(pod.getSpec(), 1);
    }
    String unread = addNotYetCreated(requested, live);
    return new ClusterCapacity(
        cpu,
        requested.cpuMillis,
        memory,
        requested.memoryBytes,
        "kubernetes nodes and pod requests"
            + (leftOut.isEmpty()
                ? ""
                : leftOut.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ", " (left out: ", ")")))
            + (unread == null ? "" : " (" + unread + ")"));
  }

  /**
   * Adds the pods each Deployment and StatefulSet asks for beyond the live ones it selects: after a
   * scale-up's write its controller creates them a moment later, and the coordinator has stopped
   * holding the grant by then. A surge or a scale-down (more pods than asked for) adds nothing, and
   * a terminating pod is counted as a pod but not as one of the workload's. The pods are counted
   * here, not read from the workload's status: status.replicas lags both ways. Each missing pod is
   * counted at what the workload's live pods request where that is more than its template (a
   * LimitRange's defaults, an injected sidecar: see {@link PodResources#requestOfNext}). A
   * Deployment whose controller reports its creates refused (ReplicaFailure: a full ResourceQuota)
   * adds nothing: its missing pods would otherwise hold room the scheduler has, for as long as the
   * refusal lasts. Nor does a StatefulSet that reports it the only way it does, a recent
   * FailedCreate Event (read only for one that lacks pods, through the namespace's Role; unreadable
   * Events count the pods, as before). Null, or why the workloads could not be read (an older
   * ClusterRole without them): then only the pods count.
   */
  private String addNotYetCreated(Requests requested, Map<String, List<Pod>> live) {
    List<HasMetadata> workloads = new ArrayList<>();
    try {
      workloads.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
      workloads.addAll(client.apps().statefulSets().inAnyNamespace().list().getItems());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      return "Deployments and StatefulSets not readable (403), pods they have not created yet not"
          + " counted: grant list on them cluster-wide, as deploy/clusterrole.yaml does";
    }
    // read once a namespace, and only for a workload that has no live pod to show them
    Map<String, ContainerDefaults> limitRanges = new HashMap<>();
    for (HasMetadata w : workloads) {
      LabelSelector selector = Workloads.podSelector(w);
      PodTemplateSpec template = Workloads.podTemplate(w);
      if (selector == null || template == null || Workloads.refusingPods(w)) {
        continue; // a Deployment whose pods are refused holds no room until they can come
      }
      List<Pod> selected =
          live.getOrDefault(w.getMetadata().getNamespace(), List.of()).stream()
              .filter(p -> Workloads.selects(selector, p.getMetadata().getLabels()))
              .toList();
      int missing = (int) Math.max(0, Workloads.desired(w) - selected.size());
      if (missing > 0
          && w instanceof StatefulSet
          && Workloads.createFailure(client, w, clock.instant()) != null) {
        continue; // refused, as a Deployment's ReplicaFailure says
      }
      if (missing > 0 && template.getSpec() != null) {
        // at what its live pods request if more: admission adds to what the template shows
        ContainerDefaults defaults =
            ContainerDefaults.forTemplate(
                template.getSpec(),
                PodResources.anyAdmitted(selected),
                () ->
                    limitRanges.computeIfAbsent(
                        w.getMetadata().getNamespace(),
                        ns -> ContainerDefaults.ofNamespace(client, ns)));
        requested.add(PodResources.requestOfNext(template.getSpec(), selected, defaults), missing);
      }
    }
    return null;
  }

  /** The CPU and memory the pods counted so far request. */
  private static final class Requests {
    long cpuMillis;
    long memoryBytes;

    /**
     * Adds {@code pods} times the pod spec's requests as the scheduler reserves them (init
     * containers, native sidecars and overhead included).
     */
    void add(PodSpec spec, int pods) {
      if (spec != null) {
        add(PodResources.request(spec), pods);
      }
    }

    void add(PodRequest request, int pods) {
      cpuMillis += pods * request.cpuMillis();
      memoryBytes += pods * request.memoryBytes();
    }
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
