package io.specops.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** A change to how a service is run, under the audit log's wire names. */
public enum ControlEvent {
  PAUSED("paused"),
  RESUMED("resumed"),
  STOPPED("stopped"),
  BLUEPRINT_UPDATED("blueprint_updated"),
  /** An invalid blueprint, with its validation errors; the last valid one stays. */
  BLUEPRINT_REFUSED("blueprint_refused"),
  BREAKER_OPENED("breaker_opened"),
  BREAKER_CLOSED("breaker_closed"),
  /** An evaluation or operation not run: breaker open, paused or stopped. */
  SKIPPED("skipped"),
  /** Capacity is short: the coordinator deferred the operation. */
  DEFERRED("deferred"),
  EVALUATION_FAILED("evaluation_failed"),
  VERIFICATION_FAILED("verification_failed"),
  EVIDENCE_FAILED("evidence_failed"),
  MANUAL_REQUEST_REFUSED("manual_request_refused");

  private final String wire;

  ControlEvent(String wire) {
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
