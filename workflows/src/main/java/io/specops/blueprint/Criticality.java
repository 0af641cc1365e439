package io.specops.blueprint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** metadata.criticality: the first key of conflict resolution (seed 000). */
public enum Criticality {
  @JsonProperty("standard")
  STANDARD,
  @JsonProperty("critical")
  CRITICAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Criticality parse(String text) {
    return Criticality.valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
