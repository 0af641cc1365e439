package io.specops.blueprint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** metadata.priority: how a service ranks in a conflict after criticality. */
public enum Priority {
  @JsonProperty("low")
  LOW,
  @JsonProperty("medium")
  MEDIUM,
  @JsonProperty("high")
  HIGH,
  @JsonProperty("critical")
  CRITICAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Priority parse(String text) {
    return Priority.valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
