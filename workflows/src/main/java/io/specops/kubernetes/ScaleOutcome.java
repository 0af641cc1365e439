package io.specops.kubernetes;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a scale call did, under the wire names the execution records and the scale activity's result
 * in recorded histories use.
 */
public enum ScaleOutcome {
  /** The workload's replicas were changed. */
  SCALED("scaled"),
  /** A retry of the same operation: the workload already carries its replicas and annotation. */
  ALREADY_SCALED("already_scaled"),
  /** Dry run: nothing was written. */
  PLANNED("planned"),
  /** The call failed; nothing changed (execution records only, never a scale result). */
  FAILED("failed");

  private final String wire;

  ScaleOutcome(String wire) {
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
