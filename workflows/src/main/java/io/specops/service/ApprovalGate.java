package io.specops.service;

import io.specops.audit.ApprovalEvent;
import io.specops.audit.ApprovalRecord;
import io.specops.blueprint.Blueprint;

/**
 * The one approval a service can wait for: opened when governance asks for one, answered by the
 * approve and reject signals (only by an approver the blueprint names, once), closed when the wait
 * ends. Plain state, no workflow commands: the workflow decides when to wait and records what this
 * returns.
 */
final class ApprovalGate {
  private PendingApproval pending;
  private ApprovalSignal answer;
  private boolean granted;

  /** What the wait ended with: the request, and the answer (null: none came) and its sense. */
  record Closed(PendingApproval pending, ApprovalSignal answer, boolean granted) {}

  void open(PendingApproval request) {
    pending = request;
    answer = null;
  }

  /** The request waiting for an answer, or null. */
  PendingApproval pending() {
    return pending;
  }

  boolean answered() {
    return answer != null;
  }

  /**
   * An approve or reject signal: the answer if it is a valid one, else refused. Returns the
   * approval record to write either way.
   */
  ApprovalRecord answer(ApprovalSignal signal, boolean approve, Blueprint blueprint) {
    ApprovalEvent event = approve ? ApprovalEvent.APPROVED : ApprovalEvent.REJECTED;
    String refusal = ApprovalCheck.refusal(signal, pending, blueprint, answer);
    String decisionId = signal == null ? null : signal.decisionId();
    if (refusal != null) {
      return new ApprovalRecord(
          decisionId,
          blueprint.name(),
          ApprovalEvent.REFUSED,
          signal == null ? null : signal.approver(),
          signal == null ? null : signal.comment(),
          event + " refused: " + refusal,
          blueprint.spec().governance().approvers());
    }
    answer = signal;
    granted = approve;
    return new ApprovalRecord(
        decisionId,
        blueprint.name(),
        event,
        signal.approver(),
        signal.comment(),
        null,
        pending.approvers());
  }

  Closed close() {
    Closed closed = new Closed(pending, answer, granted);
    pending = null;
    answer = null;
    return closed;
  }
}
