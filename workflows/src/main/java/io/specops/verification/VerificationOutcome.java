package io.specops.verification;

import io.specops.json.WireName;

/**
 * How a verification ended (seed 001 Step 8), under the wire names the audit log, the activity's
 * result in recorded histories and the seeds use.
 */
public enum VerificationOutcome implements WireName {
  /** Every check passed. */
  SUCCESS,
  /**
   * The replicas are there and the metrics improved but are not yet within target (or could not be
   * read): kept, not rolled back; the next evaluation may scale further.
   */
  PARTIAL,
  /** The replicas did not come, or the service got worse: rolled back. */
  FAILURE;
}
