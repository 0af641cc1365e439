package io.specops.kubernetes;

import io.specops.json.WireName;

/**
 * What a scale call did, under the wire names the execution records and the scale activity's result
 * in recorded histories use.
 */
public enum ScaleOutcome implements WireName {
  /** The workload's replicas were changed. */
  SCALED,
  /** A retry of the same operation: the workload already carries its replicas and annotation. */
  ALREADY_SCALED,
  /** Dry run: nothing was written. */
  PLANNED,
  /** The call failed; nothing changed (execution records only, never a scale result). */
  FAILED;

  @Override
  public String toString() {
    return wire();
  }
}
