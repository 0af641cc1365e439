package io.specops.service;

import com.fasterxml.jackson.annotation.JsonValue;
import io.specops.verification.VerificationOutcome;

/**
 * How an operation ended, under the wire names of the status query, the audit log and the service
 * state that continue-as-new carries (recorded histories hold these strings).
 */
public enum OperationResult {
  /** Verified: every check passed. */
  VERIFIED("verified"),
  /** Kept though not yet within target; the next evaluation may scale further. */
  PARTIAL("partial"),
  /** The verification failed, or could not run: the replicas were put back. */
  ROLLED_BACK("rolled_back"),
  /** The scale call itself failed; nothing changed. */
  FAILED("failed"),
  /** A dry run: what would have been done, recorded, nothing called. */
  PLANNED("planned");

  private final String wire;

  OperationResult(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

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
    return wire;
  }
}
