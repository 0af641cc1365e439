package io.specops.evidence;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.blueprint.Quantities;
import io.specops.evidence.EvidenceReport.EventSummary;
import io.specops.evidence.EvidenceReport.PodSummary;
import io.specops.evidence.EvidenceReport.Rollout;
import io.specops.kubernetes.ApiServerClock;
import io.specops.kubernetes.FailFastClient;
import io.specops.kubernetes.KubeTimes;
import io.specops.kubernetes.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a workload's evidence through the Kubernetes API, as {@code kubectl logs}, {@code kubectl
 * get events} and {@code kubectl rollout history} would: its pods (state, restarts, why the last
 * container ended), their log lines over two windows (the one before shows which templates are
 * new), the Events of the workload, its ReplicaSets and pods, and its ReplicaSet revisions. A
 * source that cannot be read (RBAC, API down) is named in {@code gaps}, never a failure of the
 * whole.
 */
public final class EvidenceCollector {
  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final int MAX_PODS = 10;
  private static final int MAX_EVENTS = 20;

  private final KubernetesClient client;

  /** The API server's clock, where the client measures it; null: the decision's time as is. */
  private ApiServerClock serverClock;

  /**
   * Evidence is best effort: a read that fails (a log request to a node whose kubelet does not
   * answer: the API server says 500 at once) is a gap in the report. With the client's default ten
   * retries with backoff one such read took ~100 s, longer than the activity's timeout, and held
   * the service's next decision for three attempts (found on the real control plane,
   * RELIABILITY.md). Same connection pool, no retries, 10 s per request.
   */
  public EvidenceCollector(KubernetesClient client) {
    this.client = FailFastClient.of(client, Duration.ofSeconds(10));
  }

  /**
   * Reads the Events' and ReplicaSets' times against the decision's moment on the API server's
   * clock, which stamped them, not on the Temporal server's (docs/evidence.md, "Clocks").
   */
  public EvidenceCollector withApiServerClock(ApiServerClock clock) {
    this.serverClock = clock;
    return this;
  }

  /**
   * One log line, masked for secrets, with when it was written (null if the line had no timestamp).
   */
  public record LogLine(Instant at, String pod, String text) {}

  /**
   * What was read, and what could not be; {@code at}: the decision's moment on the clock that
   * stamped what was read.
   */
  public record Collected(
      Instant at,
      List<PodSummary> pods,
      List<LogLine> lines,
      List<EventSummary> events,
      List<Rollout> rollouts,
      List<String> gaps) {}

  /** The evidence of the decision {@code r}, made {@code sinceDecision} ago. */
  public Collected collect(EvidenceRequest r, Duration sinceDecision) {
    List<String> gaps = new ArrayList<>();
    HasMetadata workload = null;
    try {
      workload =
          "StatefulSet".equals(r.workloadKind())
              ? client
                  .apps()
                  .statefulSets()
                  .inNamespace(r.namespace())
                  .withName(r.workloadName())
                  .get()
              : client
                  .apps()
                  .deployments()
                  .inNamespace(r.namespace())
                  .withName(r.workloadName())
                  .get();
      if (workload == null) {
        gaps.add(
            "workload: no "
                + r.workloadKind()
                + " "
                + r.workloadName()
                + " in namespace "
                + r.namespace());
      }
    } catch (KubernetesClientException e) {
      gaps.add("workload: " + reason(e));
    }
    // after the first answer, whose Date header the server clock has measured; a client without
    // it (the simulated cluster stamps with the worker's clock) keeps the decision's time
    Instant at =
        serverClock == null || !serverClock.known()
            ? r.at()
            : serverClock.now().minus(sinceDecision);
    Instant from = at.minus(r.window());
    LabelSelector selector = workload == null ? null : Workloads.podSelector(workload);
    if (selector == null) {
      selector = new LabelSelector(null, Map.of("app", r.workloadName()));
    }

    List<Pod> pods = List.of();
    try {
      pods =
          client
              .pods()
              .inNamespace(r.namespace())
              .withLabelSelector(selector)
              .list()
              .getItems()
              .stream()
              .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
              .limit(MAX_PODS)
              .toList();
    } catch (KubernetesClientException e) {
      gaps.add("pods: " + reason(e));
    }
    List<PodSummary> podSummaries = pods.stream().map(EvidenceCollector::summary).toList();

    List<LogLine> lines = new ArrayList<>();
    int perPod = Math.max(50, r.maxLogLines() / Math.max(1, pods.size()));
    long since = Math.max(60, r.window().multipliedBy(2).toSeconds());
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      try {
        lines.addAll(
            parse(
                name,
                podLog(
                    r.namespace(),
                    name,
                    "timestamps=true&sinceSeconds=" + since + "&tailLines=" + perPod)));
        if (summary(pod).restarts() > 0) {
          // the container that ended: its last words are often the cause
          lines.addAll(
              parse(
                  name,
                  podLog(
                      r.namespace(),
                      name,
                      "timestamps=true&previous=true&tailLines=" + Math.min(perPod, 200))));
        }
      } catch (KubernetesClientException e) {
        gaps.add("logs of " + name + ": " + reason(e));
      }
    }

    Set<String> objects = new HashSet<>();
    objects.add(r.workloadName());
    pods.forEach(p -> objects.add(p.getMetadata().getName()));
    List<Rollout> rollouts = new ArrayList<>();
    if (workload instanceof Deployment deployment) {
      try {
        for (ReplicaSet rs :
            client
                .apps()
                .replicaSets()
                .inNamespace(r.namespace())
                .withLabelSelector(selector)
                .list()
                .getItems()) {
          if (!ownedBy(rs, deployment)) {
            continue;
          }
          objects.add(rs.getMetadata().getName());
          String revision =
              rs.getMetadata().getAnnotations() == null
                  ? null
                  : rs.getMetadata().getAnnotations().get(REVISION);
          Instant created = KubeTimes.instant(rs.getMetadata().getCreationTimestamp());
          String image =
              rs.getSpec() == null || rs.getSpec().getTemplate() == null
                  ? "?"
                  : rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
          rollouts.add(
              new Rollout(
                  revision == null ? 0 : Integer.parseInt(revision),
                  image,
                  created,
                  created != null && !created.isBefore(from) && !created.isAfter(at)));
        }
        rollouts.sort(Comparator.comparingInt(Rollout::revision));
      } catch (KubernetesClientException | NumberFormatException e) {
        gaps.add(
            "rollouts: " + (e instanceof KubernetesClientException k ? reason(k) : e.getMessage()));
      }
    }

    List<EventSummary> events = new ArrayList<>();
    try {
      for (Event e : client.v1().events().inNamespace(r.namespace()).list().getItems()) {
        if (e.getInvolvedObject() == null || !objects.contains(e.getInvolvedObject().getName())) {
          continue;
        }
        Instant last = KubeTimes.lastSeen(e);
        if (last != null && last.isBefore(from)) {
          continue;
        }
        if (e.getSource() != null && "specops".equals(e.getSource().getComponent())) {
          continue; // SpecOps' own Events are in the decision chain already
        }
        events.add(
            new EventSummary(
                e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                e.getType(),
                e.getReason(),
                SecretMask.mask(String.valueOf(e.getMessage())),
                e.getCount() == null ? 1 : e.getCount(),
                last));
      }
      events.sort(
          Comparator.comparingInt((EventSummary e) -> "Warning".equals(e.type()) ? 0 : 1)
              .thenComparing(
                  EventSummary::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
    } catch (KubernetesClientException e) {
      gaps.add("events: " + reason(e));
    }
    return new Collected(
        at,
        podSummaries,
        lines,
        events.size() > MAX_EVENTS ? events.subList(0, MAX_EVENTS) : events,
        rollouts,
        gaps);
  }

  /**
   * Lines as the API returns them with timestamps=true: "2026-02-10T18:30:00.123456789Z message".
   */
  static List<LogLine> parse(String pod, String log) {
    List<LogLine> out = new ArrayList<>();
    if (log == null) {
      return out;
    }
    for (String raw : log.split("\n")) {
      if (raw.isBlank()) {
        continue;
      }
      int space = raw.indexOf(' ');
      Instant at = space > 0 ? KubeTimes.instant(raw.substring(0, space)) : null;
      String text = at != null ? raw.substring(space + 1) : raw;
      out.add(new LogLine(at, pod, SecretMask.mask(text)));
    }
    return out;
  }

  static PodSummary summary(Pod pod) {
    String phase = pod.getStatus() == null ? "Unknown" : pod.getStatus().getPhase();
    boolean ready =
        pod.getStatus() != null
            && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    int restarts = 0;
    String last = null;
    List<ContainerStatus> statuses =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    for (ContainerStatus s : statuses) {
      restarts += s.getRestartCount() == null ? 0 : s.getRestartCount();
      if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
        last = s.getLastState().getTerminated().getReason();
      }
      if (s.getState() != null
          && s.getState().getWaiting() != null
          && s.getState().getWaiting().getReason() != null) {
        last = last == null ? s.getState().getWaiting().getReason() : last;
      }
    }
    return new PodSummary(pod.getMetadata().getName(), phase, ready, restarts, last);
  }

  private static boolean ownedBy(ReplicaSet rs, Deployment d) {
    return rs.getMetadata().getOwnerReferences() == null
        || rs.getMetadata().getOwnerReferences().isEmpty()
        || rs.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                o ->
                    "Deployment".equals(o.getKind())
                        && d.getMetadata().getName().equals(o.getName()));
  }

  private static String reason(KubernetesClientException e) {
    return e.getCode() == 403
        ? "forbidden (403): grant it in deploy/role.yaml"
        : e.getCode() > 0 ? "API answered " + e.getCode() : "API unreachable: " + e.getMessage();
  }

  /** How long the evidence window is, for the report. */
  static String describe(Duration window) {
    return Quantities.formatDuration(window);
  }

  /**
   * One GET of a pod's log, as kubectl logs sends it. The client's getLog() first waits for the pod
   * to be ready through a list and a watch of pods: evidence wants the logs of pods that never
   * became ready at once, and deploy/'s role grants neither (the watch's open and close also
   * stalled the simulated cluster's API server).
   */
  private String podLog(String namespace, String pod, String query) {
    String text = client.raw("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?" + query);
    return text == null ? "" : text;
  }
}
