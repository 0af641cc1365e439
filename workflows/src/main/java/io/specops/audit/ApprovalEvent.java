package io.specops.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to an approval, under the audit log's wire names. */
public enum ApprovalEvent {
  /** The verdict asked for an approval; the approvers were notified. */
  REQUESTED("requested"),
  APPROVED("approved"),
  REJECTED("rejected"),
  /** Nobody answered within the blueprint's approval timeout. */
  EXPIRED("expired"),
  /** Approved, but no longer needed when re-checked with fresh metrics. */
  OBSOLETE("obsolete"),
  /** An answer that was not taken: unknown decision id, unlisted approver, duplicate. */
  REFUSED("refused");

  private final String wire;

  ApprovalEvent(String wire) {
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
