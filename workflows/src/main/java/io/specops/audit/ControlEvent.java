package io.specops.audit;

import io.specops.json.WireName;

/** A change to how a service is run, under the audit log's wire names. */
public enum ControlEvent implements WireName {
  PAUSED,
  RESUMED,
  STOPPED,
  BLUEPRINT_UPDATED,
  /** An invalid blueprint, with its validation errors; the last valid one stays. */
  BLUEPRINT_REFUSED,
  BREAKER_OPENED,
  BREAKER_CLOSED,
  /** An evaluation or operation not run: breaker open, paused or stopped. */
  SKIPPED,
  /** Capacity is short: the coordinator deferred the operation. */
  DEFERRED,
  EVALUATION_FAILED,
  VERIFICATION_FAILED,
  /**
   * A failed verification not rolled back: the replicas before were outside the blueprint's bounds
   * (scaled to zero, below min_replicas), where a rollback may not go; the change is kept.
   */
  NOT_ROLLED_BACK,
  EVIDENCE_FAILED,
  MANUAL_REQUEST_REFUSED;

  @Override
  public String toString() {
    return wire();
  }
}
