package io.specops.evidence;

import java.time.Instant;
import java.util.List;

/**
 * A root-cause report (docs/evidence.md): what triggered it, the decision chain, the pods' log
 * lines grouped into templates (new ones marked), the Kubernetes Events, the rollouts, and the
 * likely causes ranked by documented rules, with the sources that could not be read. Size-bounded.
 */
public record EvidenceReport(
    String reportId,
    String service,
    String trigger,
    String decisionId,
    Instant collectedAt,
    String window,
    List<String> decisionChain,
    List<PodSummary> pods,
    List<LogTemplate> templates,
    int linesRead,
    List<EventSummary> events,
    List<Rollout> rollouts,
    List<Cause> causes,
    String summary,
    List<String> gaps,
    String text) {

  /**
   * A log template: the line with its variable parts masked, how often it came, one example,
   * whether it is new in the window.
   */
  public record LogTemplate(
      String template, int count, boolean isNew, String level, String example) {}

  /** A Kubernetes Event about the workload, its ReplicaSets or pods. */
  public record EventSummary(
      String object, String type, String reason, String message, int count, Instant lastSeen) {}

  /** A ReplicaSet revision of the workload: its image and when it was created. */
  public record Rollout(int revision, String image, Instant at, boolean inWindow) {}

  /** A pod as it stands: phase, ready, restarts and why its container last ended. */
  public record PodSummary(
      String name, String phase, boolean ready, int restarts, String lastTermination) {}

  /** A likely cause: what, the rule that says so, a score in [0, 1], and the evidence behind it. */
  public record Cause(String cause, String rule, double score, String evidence) {}
}
