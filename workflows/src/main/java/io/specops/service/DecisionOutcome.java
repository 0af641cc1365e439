package io.specops.service;

import io.specops.json.WireName;

/**
 * What became of a decision, under the wire names of the decisions query, the status JSON and the
 * service state continue-as-new carries (recorded histories hold these strings).
 */
public enum DecisionOutcome implements WireName {
  /** Nothing to do. */
  NO_ACTION,
  /** Allowed and on its way to execution. */
  PROPOSED,
  /** Governance refused it. */
  DENIED,
  PENDING_APPROVAL,
  REJECTED,
  /** No approver answered within approval_timeout. */
  EXPIRED,
  /** Approved, but fresh metrics no longer call for it. */
  OBSOLETE,
  /** The coordinator has not granted the capacity yet. */
  AWAITING_CAPACITY,
  /** The coordinator deferred it (the cluster does not fit it now). */
  DEFERRED,
  /** Not run: the breaker was open, or the service was paused or stopped first. */
  SKIPPED,
  /**
   * Named as an outcome before the enum (in DecisionSummary's documentation); nothing writes it
   * now, it is accepted so that any carried state holding it still reads.
   */
  EXECUTED,
  VERIFIED,
  PARTIAL,
  ROLLED_BACK,
  ROLLBACK_FAILED,
  FAILED,
  /** A dry run's plan. */
  PLANNED;

  /** An executed decision ends as its operation did. */
  public static DecisionOutcome of(OperationResult result) {
    // the same names by design: every way an operation ends is a way its decision ends
    return valueOf(result.name());
  }

  /** The wire name, so a message that prints it reads as before. */
  @Override
  public String toString() {
    return wire();
  }
}
