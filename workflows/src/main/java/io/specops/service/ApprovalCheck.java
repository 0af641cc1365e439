package io.specops.service;

import io.specops.blueprint.Blueprint;

/**
 * Why an approve/reject signal does not count, or null when it does. Only the blueprint's approvers
 * count.
 */
final class ApprovalCheck {
  private ApprovalCheck() {}

  static String refusal(
      ApprovalSignal signal, PendingApproval pending, Blueprint blueprint, ApprovalSignal earlier) {
    if (signal == null || blank(signal.decisionId()) || blank(signal.approver())) {
      return "malformed signal: decision_id and approver are required";
    }
    if (pending == null) {
      return "decision "
          + signal.decisionId()
          + " is not waiting for approval (unknown, already decided, or expired)";
    }
    if (!pending.decisionId().equals(signal.decisionId())) {
      return "unknown decision id "
          + signal.decisionId()
          + " (the pending one is "
          + pending.decisionId()
          + ")";
    }
    if (!blueprint.spec().governance().approvers().contains(signal.approver())) {
      return signal.approver()
          + " is not an approver of "
          + blueprint.name()
          + " (approvers: "
          + String.join(", ", blueprint.spec().governance().approvers())
          + ")";
    }
    if (earlier != null) {
      return "decision " + signal.decisionId() + " was already answered by " + earlier.approver();
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
