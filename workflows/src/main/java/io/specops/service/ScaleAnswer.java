package io.specops.service;

import io.specops.decision.Action;
import java.util.List;

/**
 * What became of a manual scale request at once (the {@code request_scale} update): the decision it
 * made, and whether it runs, waits for approval (and by whom), or was refused. {@code outcome}:
 * proposed (allowed, going ahead), pending_approval, denied, no_action (nothing to do, or held
 * back: the rationale says why), queued (the service is paused), superseded (a newer request came
 * first), evaluation_failed.
 */
public record ScaleAnswer(
    String decisionId,
    Action action,
    int currentReplicas,
    int targetReplicas,
    String classification,
    List<String> approvers,
    String outcome,
    String rationale) {

  static ScaleAnswer without(String outcome, String rationale) {
    return new ScaleAnswer(null, Action.NO_ACTION, 0, 0, "n/a", List.of(), outcome, rationale);
  }
}
