package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a workload's pods that the scheduler could not place wait for a node a cluster autoscaler
 * is adding: the Cluster Autoscaler records TriggeredScaleUp on such a pod, Karpenter Nominated
 * (docs/operations.md, "Waiting for a node"). A node takes minutes to come; rolling the scale-up
 * back meanwhile would waste it and scale up again once it is there.
 */
public final class NodeProvisioning {
  /** Autoscaler Events older than this no longer say a node is coming. */
  static final Duration RECENT = Duration.ofMinutes(10);

  private static final List<String> COMING = List.of("TriggeredScaleUp", "Nominated");

  private NodeProvisioning() {}

  /**
   * "1 pod waits for a node being added (TriggeredScaleUp: ...)", or null: no pod is unschedulable,
   * no autoscaler said it adds a node for one, or the pods or Events cannot be read (best effort).
   */
  public static String of(KubernetesClient client, HasMetadata w, Instant now) {
    LabelSelector selector = Workloads.podSelector(w);
    if (selector == null) {
      return null;
    }
    String namespace = w.getMetadata().getNamespace();
    try {
      Set<String> unschedulable =
          client
              .pods()
              .inNamespace(namespace)
              .withLabelSelector(selector)
              .list()
              .getItems()
              .stream()
              .filter(NodeProvisioning::unschedulable)
              .map(p -> p.getMetadata().getName())
              .collect(Collectors.toSet());
      if (unschedulable.isEmpty()) {
        return null;
      }
      List<Event> events = new ArrayList<>();
      for (String reason : COMING) {
        events.addAll(
            client
                .v1()
                .events()
                .inNamespace(namespace)
                .withField("reason", reason)
                .list()
                .getItems());
      }
      return waiting(unschedulable, events, now);
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  /** What {@link #of} says, from the unschedulable pods' names and the namespace's Events. */
  static String waiting(Set<String> unschedulable, List<Event> events, Instant now) {
    List<Event> coming =
        events.stream()
            .filter(e -> COMING.contains(e.getReason()))
            .filter(e -> e.getInvolvedObject() != null)
            .filter(e -> "Pod".equals(e.getInvolvedObject().getKind()))
            .filter(e -> unschedulable.contains(e.getInvolvedObject().getName()))
            .filter(e -> KubeTimes.lastSeen(e) != null)
            .filter(e -> !KubeTimes.lastSeen(e).isBefore(now.minus(RECENT)))
            .sorted(Comparator.comparing(KubeTimes::lastSeen).reversed())
            .toList();
    if (coming.isEmpty()) {
      return null;
    }
    long pods = coming.stream().map(e -> e.getInvolvedObject().getName()).distinct().count();
    Event latest = coming.get(0);
    String said = latest.getReason() + ": " + latest.getMessage();
    return pods
        + (pods == 1 ? " pod waits" : " pods wait")
        + " for a node being added ("
        + (said.length() <= 300 ? said : said.substring(0, 297) + "...")
        + ")";
  }

  /** Pending, and the scheduler found no node for it. */
  public static boolean unschedulable(Pod pod) {
    if (pod.getStatus() == null
        || !"Pending".equals(pod.getStatus().getPhase())
        || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("PodScheduled".equals(c.getType())
          && "False".equals(c.getStatus())
          && "Unschedulable".equals(c.getReason())) {
        return true;
      }
    }
    return false;
  }
}
