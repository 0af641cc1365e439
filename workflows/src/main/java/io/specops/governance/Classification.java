package io.specops.governance;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Governance's answer for a decision (seed 001 Step 5). */
public enum Classification {
  @JsonProperty("allowed")
  ALLOWED("allowed"),
  @JsonProperty("requires_approval")
  REQUIRES_APPROVAL("requires_approval"),
  @JsonProperty("denied")
  DENIED("denied"),
  @JsonProperty("n/a")
  NOT_APPLICABLE("n/a");

  private final String wire;

  Classification(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
