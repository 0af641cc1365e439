package io.specops.verification;

import io.specops.json.WireName;

/** How one verification check came out, under seed 001's wire names. */
public enum CheckStatus implements WireName {
  PASSED,
  FAILED,
  /** The metric could not be read after the operation. */
  UNKNOWN,
  /**
   * The metrics source does not measure this metric at all (metrics.k8s.io has no latency): the
   * check does not count either way, where {@code UNKNOWN} keeps an operation {@code partial}.
   */
  NOT_MEASURED;

  /** {@code PASSED} when {@code ok}, else {@code FAILED}. */
  public static CheckStatus of(boolean ok) {
    return ok ? PASSED : FAILED;
  }

  @Override
  public String toString() {
    return wire();
  }
}
