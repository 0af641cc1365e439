package io.specops.service;

import io.specops.json.WireName;

/**
 * Where a service's loop is, as the status query, the CLI, REST and the web page show it: the
 * enum's name in lower case is the wire name ("idle", "waiting_for_pods", ...), so payloads and
 * recorded histories read as before.
 */
public enum ServicePhase implements WireName {
  /** The workflow has not finished its first evaluation. */
  STARTING,
  IDLE,
  /** An operator paused it: nothing is evaluated or executed until it is resumed. */
  PAUSED,
  AWAITING_APPROVAL,
  /** The coordinator deferred the operation until the cluster has room. */
  AWAITING_CAPACITY,
  EXECUTING,
  WAITING_FOR_PODS,
  SETTLING,
  VERIFYING,
  ROLLING_BACK,
  /** The workflow has ended: the client's word for it; a running workflow never reports it. */
  STOPPED;

  /** Idle or paused: no approval, capacity answer or operation holds the loop. */
  public boolean atRest() {
    return this == IDLE || this == PAUSED;
  }

  /** The wire name, so text built from a phase reads as it did when phases were strings. */
  @Override
  public String toString() {
    return wire();
  }
}
