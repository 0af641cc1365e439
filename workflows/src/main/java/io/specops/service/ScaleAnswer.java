package io.specops.service;

import io.specops.decision.Action;
import io.specops.json.WireName;
import java.util.List;

/**
 * What became of a manual scale request at once (the {@code request_scale} update): the decision it
 * made, and whether it runs, waits for approval (and by whom), or was refused.
 */
public record ScaleAnswer(
    String decisionId,
    Action action,
    int currentReplicas,
    int targetReplicas,
    String classification,
    List<String> approvers,
    Outcome outcome,
    String rationale) {

  /** The answer's kind, under the wire names the update's result and `specops scale --json` use. */
  public enum Outcome implements WireName {
    /** Allowed; the operation goes ahead. */
    PROPOSED,
    PENDING_APPROVAL,
    DENIED,
    /** Nothing to do, or held back: the rationale says why. */
    NO_ACTION,
    /** The service is paused: the request is evaluated when it is resumed. */
    QUEUED,
    /** A newer request came first, or the service is stopping. */
    SUPERSEDED,
    EVALUATION_FAILED;

    @Override
    public String toString() {
      return wire();
    }
  }

  static ScaleAnswer without(Outcome outcome, String rationale) {
    return new ScaleAnswer(null, Action.NO_ACTION, 0, 0, "n/a", List.of(), outcome, rationale);
  }
}
