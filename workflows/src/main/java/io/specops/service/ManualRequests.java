package io.specops.service;

import io.specops.decision.Decision;
import io.specops.governance.Classification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's scale requests (the scale signal and the request_scale update): at most one waits
 * to be evaluated, numbered as they arrive; a newer one replaces it and the older one's waiter
 * hears so. Answers are kept until their update collects them. Plain state, no workflow commands:
 * the workflow decides when to evaluate and when to wait.
 */
final class ManualRequests {
  /** Answers older than this many requests have no waiter left (updates in flight are few). */
  private static final int KEPT_ANSWERS = 20;

  private ScaleCommand waiting;
  private long received;
  private long current;
  private final Map<Long, ScaleAnswer> answers = new HashMap<>();

  /** A request waits to be evaluated. */
  boolean pending() {
    return waiting != null;
  }

  /** Queues a request and returns its number; one not yet evaluated is superseded. */
  long queue(ScaleCommand command) {
    if (waiting != null) {
      answer(
          current,
          ScaleAnswer.without(
              ScaleAnswer.Outcome.SUPERSEDED,
              "a newer scale request replaced it before it was evaluated"));
    }
    waiting = command;
    current = ++received;
    return current;
  }

  /** The request the next cycle evaluates (null: none), no longer waiting. */
  ScaleCommand take() {
    ScaleCommand taken = waiting;
    waiting = null;
    return taken;
  }

  /** The evaluated request's answer: what was decided and what governance said of it. */
  void answer(Evaluation ev) {
    Decision d = ev.decision();
    Classification c = ev.verdict().classification();
    ScaleAnswer.Outcome outcome =
        !d.action().isScaling()
            ? ScaleAnswer.Outcome.NO_ACTION
            : switch (c) {
              case DENIED -> ScaleAnswer.Outcome.DENIED;
              case REQUIRES_APPROVAL -> ScaleAnswer.Outcome.PENDING_APPROVAL;
              default -> ScaleAnswer.Outcome.PROPOSED;
            };
    String why =
        c == Classification.DENIED || c == Classification.REQUIRES_APPROVAL
            ? d.rationale() + " " + ev.verdict().rationale()
            : d.rationale();
    answer(
        current,
        new ScaleAnswer(
            d.decisionId(),
            d.action(),
            d.currentReplicas(),
            d.targetReplicas(),
            c.wire(),
            ev.verdict().approvers() == null ? List.of() : ev.verdict().approvers(),
            outcome,
            why));
  }

  /** After a cycle for a request: if the evaluation never answered it, it failed. */
  void answerIfUnanswered() {
    if (!answers.containsKey(current)) {
      answer(
          current,
          ScaleAnswer.without(
              ScaleAnswer.Outcome.EVALUATION_FAILED, "the evaluation failed; see the audit log"));
    }
  }

  boolean answered(long number) {
    return answers.containsKey(number);
  }

  /** The answer for a waiter, removed (null: none yet). */
  ScaleAnswer collect(long number) {
    return answers.remove(number);
  }

  private void answer(long number, ScaleAnswer answer) {
    answers.put(number, answer);
    answers.keySet().removeIf(n -> n < received - KEPT_ANSWERS);
  }
}
