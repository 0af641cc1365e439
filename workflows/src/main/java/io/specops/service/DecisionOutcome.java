package io.specops.service;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What became of a decision, under the wire names of the decisions query, the status JSON and the
 * service state continue-as-new carries (recorded histories hold these strings).
 */
public enum DecisionOutcome {
  /** Nothing to do. */
  NO_ACTION("no_action"),
  /** Allowed and on its way to execution. */
  PROPOSED("proposed"),
  /** Governance refused it. */
  DENIED("denied"),
  PENDING_APPROVAL("pending_approval"),
  REJECTED("rejected"),
  /** No approver answered within approval_timeout. */
  EXPIRED("expired"),
  /** Approved, but fresh metrics no longer call for it. */
  OBSOLETE("obsolete"),
  /** The coordinator has not granted the capacity yet. */
  AWAITING_CAPACITY("awaiting_capacity"),
  /** The coordinator deferred it (the cluster does not fit it now). */
  DEFERRED("deferred"),
  /** Not run: the breaker was open, or the service was paused or stopped first. */
  SKIPPED("skipped"),
  /**
   * Named as an outcome before the enum (in DecisionSummary's documentation); nothing writes it
   * now, it is accepted so that any carried state holding it still reads.
   */
  EXECUTED("executed"),
  VERIFIED("verified"),
  PARTIAL("partial"),
  ROLLED_BACK("rolled_back"),
  FAILED("failed"),
  /** A dry run's plan. */
  PLANNED("planned");

  private final String wire;

  DecisionOutcome(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** An executed decision ends as its operation did. */
  public static DecisionOutcome of(OperationResult result) {
    // the same names by design: every way an operation ends is a way its decision ends
    return valueOf(result.name());
  }

  /** The wire name, so a message that prints it reads as before. */
  @Override
  public String toString() {
    return wire;
  }
}
