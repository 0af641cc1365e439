package io.specops.service;

import io.specops.json.WireName;
import io.specops.verification.VerificationOutcome;

/**
 * How an operation ended, under the wire names of the status query, the audit log and the service
 * state that continue-as-new carries (recorded histories hold these strings).
 */
public enum OperationResult implements WireName {
  /** Verified: every check passed. */
  VERIFIED,
  /** Kept though not yet within target; the next evaluation may scale further. */
  PARTIAL,
  /** The verification failed, or could not run: the replicas were put back. */
  ROLLED_BACK,
  /**
   * The verification failed and the rollback did not go through (another writer changed the
   * replicas since, or the API refused it): the replicas stay as they are.
   */
  ROLLBACK_FAILED,
  /** The scale call itself failed; nothing changed. */
  FAILED,
  /** A dry run: what would have been done, recorded, nothing called. */
  PLANNED;

  /** The verification's verdict as the operation's end. */
  public static OperationResult after(VerificationOutcome verification) {
    return switch (verification) {
      case SUCCESS -> VERIFIED;
      case PARTIAL -> PARTIAL;
      case FAILURE -> ROLLED_BACK;
    };
  }

  /** The wire name, so a message that prints it reads as before. */
  @Override
  public String toString() {
    return wire();
  }
}
