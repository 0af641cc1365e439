package io.specops.service;

import com.fasterxml.jackson.annotation.JsonValue;
import io.specops.decision.Action;
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
  public enum Outcome {
    /** Allowed; the operation goes ahead. */
    PROPOSED("proposed"),
    PENDING_APPROVAL("pending_approval"),
    DENIED("denied"),
    /** Nothing to do, or held back: the rationale says why. */
    NO_ACTION("no_action"),
    /** The service is paused: the request is evaluated when it is resumed. */
    QUEUED("queued"),
    /** A newer request came first, or the service is stopping. */
    SUPERSEDED("superseded"),
    EVALUATION_FAILED("evaluation_failed");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    @Override
    public String toString() {
      return wire;
    }
  }

  static ScaleAnswer without(Outcome outcome, String rationale) {
    return new ScaleAnswer(null, Action.NO_ACTION, 0, 0, "n/a", List.of(), outcome, rationale);
  }
}
