package io.specops.verification;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a verification ended (seed 001 Step 8), under the wire names the audit log, the activity's
 * result in recorded histories and the seeds use.
 */
public enum VerificationOutcome {
  /** Every check passed. */
  SUCCESS("success"),
  /**
   * The replicas are there and the metrics improved but are not yet within target (or could not be
   * read): kept, not rolled back; the next evaluation may scale further.
   */
  PARTIAL("partial"),
  /** The replicas did not come, or the service got worse: rolled back. */
  FAILURE("failure");

  private final String wire;

  VerificationOutcome(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
