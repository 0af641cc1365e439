package io.specops.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A service's recent decisions, oldest first and bounded: what the decisions query answers, the
 * status view shows last, and continue-as-new carries. Plain state, no workflow commands.
 */
final class DecisionLog {
  private final List<DecisionSummary> recent = new ArrayList<>();
  private final int limit;

  DecisionLog(List<DecisionSummary> carried, int limit) {
    this.limit = limit;
    recent.addAll(carried);
  }

  static DecisionSummary summarize(Evaluation ev, DecisionOutcome outcome) {
    var d = ev.decision();
    return new DecisionSummary(
        d.decisionId(),
        d.action(),
        d.currentReplicas(),
        d.targetReplicas(),
        d.weightedUtilization(),
        d.trigger(),
        d.rationale(),
        ev.verdict().classification(),
        outcome,
        d.decidedAt());
  }

  void remember(DecisionSummary summary) {
    recent.add(summary);
    while (recent.size() > limit) {
      recent.remove(0);
    }
  }

  /** The decision's new outcome, if it is still in the log. */
  void updateOutcome(String decisionId, DecisionOutcome outcome) {
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (recent.get(i).decisionId().equals(decisionId)) {
        recent.set(i, recent.get(i).withOutcome(outcome));
        return;
      }
    }
  }

  /** The newest decision, or null. */
  DecisionSummary last() {
    return recent.isEmpty() ? null : recent.get(recent.size() - 1);
  }

  boolean lastEndedAs(DecisionOutcome outcome) {
    DecisionSummary last = last();
    return last != null && last.outcome() == outcome;
  }

  /** The newest {@code n} (all when n <= 0), newest first. */
  List<DecisionSummary> newest(int n) {
    int count = n <= 0 ? recent.size() : Math.min(n, recent.size());
    List<DecisionSummary> out =
        new ArrayList<>(recent.subList(recent.size() - count, recent.size()));
    Collections.reverse(out);
    return out;
  }

  /** Oldest first, as ServiceState carries them. */
  List<DecisionSummary> all() {
    return List.copyOf(recent);
  }
}
