package io.specops.audit;

import io.specops.json.WireName;

/** What happened to an approval, under the audit log's wire names. */
public enum ApprovalEvent implements WireName {
  /** The verdict asked for an approval; the approvers were notified. */
  REQUESTED,
  APPROVED,
  REJECTED,
  /** Nobody answered within the blueprint's approval timeout. */
  EXPIRED,
  /** Approved, but no longer needed when re-checked with fresh metrics. */
  OBSOLETE,
  /** An answer that was not taken: unknown decision id, unlisted approver, duplicate. */
  REFUSED;

  @Override
  public String toString() {
    return wire();
  }
}
