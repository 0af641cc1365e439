package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads a Deployment or StatefulSet's replica counts through the Kubernetes API (fabric8). */
public final class Workloads {
  /**
   * The field manager SpecOps writes under: `kubectl get deploy -o yaml --show-managed-fields`
   * shows what it owns.
   */
  public static final String FIELD_MANAGER = "specops";

  private Workloads() {}

  /** The workload, or null when it does not exist. */
  public static HasMetadata get(KubernetesClient client, WorkloadRef ref) {
    return resource(client, ref).get();
  }

  @SuppressWarnings("unchecked")
  static Resource<HasMetadata> resource(KubernetesClient client, WorkloadRef ref) {
    if ("StatefulSet".equals(ref.kind())) {
      return (Resource<HasMetadata>)
          (Resource<?>)
              client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
    }
    return (Resource<HasMetadata>)
        (Resource<?>) client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
  }

  /**
   * The workload's pod selector, matchExpressions included; null when it has none that selects
   * anything (apps/v1 requires one, and an empty one would select every pod of the namespace).
   */
  public static LabelSelector podSelector(HasMetadata w) {
    LabelSelector s =
        w instanceof Deployment d
            ? d.getSpec().getSelector()
            : ((StatefulSet) w).getSpec().getSelector();
    boolean labels = s != null && s.getMatchLabels() != null && !s.getMatchLabels().isEmpty();
    boolean expressions =
        s != null && s.getMatchExpressions() != null && !s.getMatchExpressions().isEmpty();
    return labels || expressions ? s : null;
  }

  /**
   * The workload's pod template, or null when it has none (only a stand-in API server omits it).
   */
  public static PodTemplateSpec podTemplate(HasMetadata w) {
    if (w instanceof Deployment d) {
      return d.getSpec() == null ? null : d.getSpec().getTemplate();
    }
    StatefulSet s = (StatefulSet) w;
    return s.getSpec() == null ? null : s.getSpec().getTemplate();
  }

  /**
   * Whether the selector selects these labels, as the API server's label selection does: every
   * matchLabels pair, and every matchExpressions requirement (In, NotIn, Exists, DoesNotExist).
   */
  public static boolean selects(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(have.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = have.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean met =
            switch (r.getOperator()) {
              case "In" -> value != null && values.contains(value);
              case "NotIn" -> value == null || !values.contains(value);
              case "Exists" -> have.containsKey(r.getKey());
              case "DoesNotExist" -> !have.containsKey(r.getKey());
              default -> false; // the API server refuses any other operator
            };
        if (!met) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether the pod has run to its end (Succeeded or Failed): it holds no capacity, serves no load.
   */
  public static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** The longest {@link #problem} kept. */
  static final int MAX_PROBLEM = 500;

  /**
   * Why the Deployment's pods do not come, as its controller reports it: the ReplicaFailure
   * condition (the ReplicaSet could not create pods: a ResourceQuota, an admission webhook, a pod
   * security policy) or Progressing False (the progress deadline passed). Null when neither holds;
   * a StatefulSet reports no such condition ({@link #createFailure}).
   */
  public static String problem(HasMetadata w) {
    if (!(w instanceof Deployment d)
        || d.getStatus() == null
        || d.getStatus().getConditions() == null) {
      return null;
    }
    for (DeploymentCondition c : d.getStatus().getConditions()) {
      if (is(c, "ReplicaFailure", "True") || is(c, "Progressing", "False")) {
        return said(c.getReason(), c.getMessage());
      }
    }
    return null;
  }

  /**
   * Whether the Deployment's controller reports that it cannot create its pods (ReplicaFailure
   * True: a ResourceQuota, an admission webhook): the pods it asks for beyond those it has are not
   * coming until that changes.
   */
  public static boolean refusingPods(HasMetadata w) {
    return w instanceof Deployment d
        && d.getStatus() != null
        && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream().anyMatch(c -> is(c, "ReplicaFailure", "True"));
  }

  private static boolean is(DeploymentCondition c, String type, String status) {
    return type.equals(c.getType()) && status.equals(c.getStatus());
  }

  /** How recent a StatefulSet's FailedCreate Event must be to count as why its pods do not come. */
  static final Duration RECENT = Duration.ofMinutes(2);

  /**
   * Why a StatefulSet's pods do not come: it reports no condition, but its controller records each
   * refused pod create as a FailedCreate Event on it, repeated while the refusal lasts. The latest
   * seen in the last {@link #RECENT}, unless a pod create has succeeded since (a SuccessfulCreate
   * seen later: the refusal has ended, and the pods still missing are on their way), or null (none,
   * or Events cannot be read: best effort).
   */
  public static String createFailure(KubernetesClient client, HasMetadata w, Instant now) {
    List<Event> events;
    try {
      events =
          client
              .v1()
              .events()
              .inNamespace(w.getMetadata().getNamespace())
              .withField("involvedObject.kind", "StatefulSet")
              .withField("involvedObject.name", w.getMetadata().getName())
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      return null;
    }
    return latestCreateFailure(events, w.getMetadata().getName(), now);
  }

  /**
   * The latest recent FailedCreate among {@code events} on StatefulSet {@code name}, or null, also
   * when a SuccessfulCreate was seen after it (in the same second, the refusal is taken to last:
   * the controller creates in order, and a later pod's refusal can follow a create at once).
   */
  static String latestCreateFailure(List<Event> events, String name, Instant now) {
    Event failed = latest(events, name, "FailedCreate");
    if (failed == null || KubeTimes.lastSeen(failed).isBefore(now.minus(RECENT))) {
      return null;
    }
    Event created = latest(events, name, "SuccessfulCreate");
    if (created != null && KubeTimes.lastSeen(created).isAfter(KubeTimes.lastSeen(failed))) {
      return null;
    }
    return said(failed.getReason(), failed.getMessage());
  }

  /** The Event with this reason on StatefulSet {@code name} seen last, or null. */
  private static Event latest(List<Event> events, String name, String reason) {
    return events.stream()
        .filter(e -> e.getInvolvedObject() != null)
        .filter(e -> "StatefulSet".equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .filter(e -> KubeTimes.lastSeen(e) != null)
        .max(Comparator.comparing(KubeTimes::lastSeen))
        .orElse(null);
  }

  /** "reason: message", cut: it rides in heartbeats and histories, and a webhook's can be long. */
  private static String said(String reason, String message) {
    String said = reason + ": " + message;
    return said.length() <= MAX_PROBLEM ? said : said.substring(0, MAX_PROBLEM - 3) + "...";
  }

  public static int desired(HasMetadata w) {
    Integer r =
        w instanceof Deployment d
            ? d.getSpec().getReplicas()
            : ((StatefulSet) w).getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  public static int ready(HasMetadata w) {
    Integer r =
        w instanceof Deployment d
            ? d.getStatus() == null ? null : d.getStatus().getReadyReplicas()
            : ((StatefulSet) w).getStatus() == null
                ? null
                : ((StatefulSet) w).getStatus().getReadyReplicas();
    return r == null ? 0 : r;
  }

  public static int running(HasMetadata w) {
    Integer r =
        w instanceof Deployment d
            ? d.getStatus() == null ? null : d.getStatus().getReplicas()
            : ((StatefulSet) w).getStatus() == null
                ? null
                : ((StatefulSet) w).getStatus().getReplicas();
    return r == null ? 0 : r;
  }

  public static int updated(HasMetadata w) {
    Integer r =
        w instanceof Deployment d
            ? d.getStatus() == null ? null : d.getStatus().getUpdatedReplicas()
            : ((StatefulSet) w).getStatus() == null
                ? null
                : ((StatefulSet) w).getStatus().getUpdatedReplicas();
    return r == null ? 0 : r;
  }

  /**
   * Sets replicas and SpecOps' annotations with a server-side apply under field manager {@value
   * #FIELD_MANAGER}: the patch holds exactly what SpecOps owns, nothing else of the object. The
   * resourceVersion read before makes it optimistic (a concurrent change is a 409); forcing takes
   * spec.replicas over from whoever created the workload, as kubectl scale would.
   */
  static HasMetadata applyReplicas(
      KubernetesClient client,
      WorkloadRef ref,
      int replicas,
      Map<String, String> annotations,
      String resourceVersion) {
    io.fabric8.kubernetes.api.model.ObjectMeta meta =
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(ref.name())
            .withNamespace(ref.namespace())
            .withResourceVersion(resourceVersion)
            .withAnnotations(annotations)
            .build();
    HasMetadata owned =
        "StatefulSet".equals(ref.kind())
            ? new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .build()
            : new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .build();
    return client.resource(owned).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }
}
