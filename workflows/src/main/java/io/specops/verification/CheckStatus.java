package io.specops.verification;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one verification check came out, under seed 001's wire names. */
public enum CheckStatus {
  PASSED("passed"),
  FAILED("failed"),
  /** The metric could not be read after the operation. */
  UNKNOWN("unknown");

  private final String wire;

  CheckStatus(String wire) {
    this.wire = wire;
  }

  /** {@code PASSED} when {@code ok}, else {@code FAILED}. */
  public static CheckStatus of(boolean ok) {
    return ok ? PASSED : FAILED;
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
