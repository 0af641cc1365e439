package io.specops.evidence;

import io.specops.evidence.EvidenceReport.Cause;
import io.specops.evidence.EvidenceReport.EventSummary;
import io.specops.evidence.EvidenceReport.LogTemplate;
import io.specops.evidence.EvidenceReport.PodSummary;
import io.specops.evidence.EvidenceReport.Rollout;
import io.specops.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The likely causes of an incident, from simple rules that explain themselves (docs/evidence.md
 * lists them with their scores). No model: the same evidence gives the same ranking.
 */
public final class EvidenceRules {
  /** An HTTP 5xx in an access log ("status=503", "code: 500", "\"GET / HTTP/1.1\" 502"). */
  private static final Pattern SERVER_ERROR =
      Pattern.compile("(STATUS|CODE)[=: \"]*5\\d\\d\\b|HTTP/\\d(\\.\\d)?\" 5\\d\\d\\b");

  private EvidenceRules() {}

  /** What the rules look at. */
  public record Evidence(
      Instant at,
      Duration window,
      List<PodSummary> pods,
      List<LogTemplate> templates,
      List<EventSummary> events,
      List<Rollout> rollouts,
      MetricsSnapshot before,
      MetricsSnapshot after,
      Double latencyTargetMs,
      Double cpuTarget) {}

  public static List<Cause> rank(Evidence e) {
    List<Cause> causes = new ArrayList<>();
    capacity(e, causes);
    refused(e, causes);
    memory(e, causes);
    rollout(e, causes);
    crashes(e, causes);
    probes(e, causes);
    saturation(e, causes);
    newErrors(e, causes);
    causes.sort(Comparator.comparingDouble(Cause::score).reversed());
    return causes;
  }

  /** capacity: pods the scheduler could not place (FailedScheduling, or pods Pending). */
  private static void capacity(Evidence e, List<Cause> out) {
    List<EventSummary> failed = events(e, "FailedScheduling");
    long pending = e.pods().stream().filter(p -> "Pending".equals(p.phase())).count();
    if (!failed.isEmpty() || pending > 0) {
      String why = failed.isEmpty() ? pending + " pod(s) Pending" : failed.get(0).message();
      out.add(
          new Cause(
              "capacity: the cluster could not place new pods",
              "capacity",
              0.9,
              why + (failed.isEmpty() ? "" : " (" + count(failed) + " FailedScheduling events)")));
    }
  }

  /**
   * refused: the API server refused the ReplicaSet's new pods (FailedCreate): a ResourceQuota, an
   * admission webhook, pod security. No pod exists to be Pending, so the capacity rule sees
   * nothing.
   */
  private static void refused(Evidence e, List<Cause> out) {
    List<EventSummary> failed = events(e, "FailedCreate");
    if (failed.isEmpty()) {
      return;
    }
    boolean quota =
        failed.stream().anyMatch(ev -> ev.message() != null && ev.message().contains("quota"));
    out.add(
        new Cause(
            quota
                ? "quota: the namespace's ResourceQuota refused new pods"
                : "refused: the API server refused new pods",
            "refused",
            0.92,
            failed.get(0).message() + " (" + count(failed) + " FailedCreate events)"));
  }

  /** memory: a container killed for exceeding its memory limit (OOMKilled). */
  private static void memory(Evidence e, List<Cause> out) {
    List<PodSummary> oom =
        e.pods().stream().filter(p -> "OOMKilled".equals(p.lastTermination())).toList();
    List<EventSummary> events =
        e.events().stream()
            .filter(
                ev ->
                    ev.message() != null && ev.message().contains("OOMKilled")
                        || "OOMKilling".equals(ev.reason()))
            .toList();
    if (!oom.isEmpty() || !events.isEmpty()) {
      String pods =
          oom.isEmpty()
              ? events.get(0).object()
              : String.join(", ", oom.stream().map(PodSummary::name).toList());
      out.add(
          new Cause(
              "memory limit: containers were OOMKilled",
              "memory",
              0.85,
              pods + " ended OOMKilled; raise " + "spec.resources.memory_limit or find the leak"));
    }
  }

  /** rollout: a new version rolled out within the window, before the trigger. */
  private static void rollout(Evidence e, List<Cause> out) {
    Rollout latest =
        e.rollouts().stream()
            .filter(Rollout::inWindow)
            .max(Comparator.comparingInt(Rollout::revision))
            .orElse(null);
    if (latest == null) {
      return;
    }
    Rollout previous =
        e.rollouts().stream()
            .filter(r -> r.revision() < latest.revision())
            .max(Comparator.comparingInt(Rollout::revision))
            .orElse(null);
    if (previous == null && latest.revision() == 1) {
      return; // the workload's first ReplicaSet: it was created in the window, nothing changed
    }
    long minutes = Math.max(0, Duration.between(latest.at(), e.at()).toMinutes());
    boolean newErrors = e.templates().stream().anyMatch(t -> t.isNew() && isError(t));
    String change = previous == null ? latest.image() : previous.image() + " -> " + latest.image();
    out.add(
        new Cause(
            "the new version: " + latest.image() + " rolled out " + minutes + " min before",
            "rollout",
            newErrors ? 0.88 : 0.75,
            "revision "
                + latest.revision()
                + " ("
                + change
                + ")"
                + (newErrors ? "; new error templates appeared since" : "")));
  }

  /**
   * crash: containers restarting (CrashLoopBackOff, BackOff, restarts) for another reason than
   * memory.
   */
  private static void crashes(Evidence e, List<Cause> out) {
    List<EventSummary> backoff = events(e, "BackOff", "CrashLoopBackOff");
    int restarts =
        e.pods().stream()
            .filter(p -> !"OOMKilled".equals(p.lastTermination()))
            .mapToInt(PodSummary::restarts)
            .sum();
    if (!backoff.isEmpty() || restarts > 0) {
      out.add(
          new Cause(
              "the container keeps crashing",
              "crash",
              0.7,
              restarts
                  + " restart(s)"
                  + (backoff.isEmpty()
                      ? ""
                      : "; " + backoff.get(0).reason() + ": " + backoff.get(0).message())));
    }
  }

  /** probes: readiness or liveness probes failing (Unhealthy). */
  private static void probes(Evidence e, List<Cause> out) {
    List<EventSummary> unhealthy = events(e, "Unhealthy");
    if (!unhealthy.isEmpty()) {
      out.add(
          new Cause(
              "probes failing: pods are not ready",
              "probes",
              0.6,
              count(unhealthy) + " Unhealthy events: " + unhealthy.get(0).message()));
    }
  }

  /**
   * saturation: errors rising with load: error lines in the window while cpu or latency were over
   * their targets.
   */
  private static void saturation(Evidence e, List<Cause> out) {
    int errors =
        e.templates().stream().filter(EvidenceRules::isError).mapToInt(LogTemplate::count).sum();
    MetricsSnapshot m = e.after() != null ? e.after() : e.before();
    if (errors == 0 || m == null || m.metrics() == null) {
      return;
    }
    List<String> over = new ArrayList<>();
    Double cpu = m.metrics().cpuUtilization();
    Double p95 = m.metrics().latencyP95();
    if (cpu != null && e.cpuTarget() != null && cpu > e.cpuTarget()) {
      over.add(
          "cpu " + Math.round(cpu * 100) + "% > target " + Math.round(e.cpuTarget() * 100) + "%");
    }
    if (p95 != null && e.latencyTargetMs() != null && p95 > e.latencyTargetMs()) {
      over.add(
          "p95 " + Math.round(p95) + " ms > target " + Math.round(e.latencyTargetMs()) + " ms");
    }
    if (!over.isEmpty()) {
      out.add(
          new Cause(
              "saturation: errors under load",
              "saturation",
              0.5,
              errors + " error lines while " + String.join(", ", over)));
    }
  }

  /** new errors: error templates not seen before the window. */
  private static void newErrors(Evidence e, List<Cause> out) {
    e.templates().stream()
        .filter(t -> t.isNew() && isError(t))
        .limit(3)
        .forEach(
            t ->
                out.add(
                    new Cause(
                        "a new error: " + t.template(),
                        "new_errors",
                        0.4,
                        t.count() + " lines, e.g. " + t.example())));
  }

  static boolean isError(LogTemplate t) {
    return "error".equals(t.level()) || "fatal".equals(t.level());
  }

  /** The level a log line states, lower case: error, warn, info, debug; else unknown. */
  public static String level(String line) {
    String upper = line.toUpperCase(Locale.ROOT);
    if (upper.contains("FATAL") || upper.contains("PANIC")) {
      return "fatal";
    }
    if (upper.contains("ERROR")
        || upper.contains("EXCEPTION")
        || upper.contains("SEVERE")
        || SERVER_ERROR.matcher(upper).find()) {
      return "error";
    }
    if (upper.contains("WARN")) {
      return "warn";
    }
    if (upper.contains("DEBUG") || upper.contains("TRACE")) {
      return "debug";
    }
    return upper.contains("INFO") ? "info" : "unknown";
  }

  private static List<EventSummary> events(Evidence e, String... reasons) {
    List<String> wanted = List.of(reasons);
    return e.events().stream().filter(ev -> wanted.contains(ev.reason())).toList();
  }

  private static int count(List<EventSummary> events) {
    return events.stream().mapToInt(EventSummary::count).sum();
  }
}
