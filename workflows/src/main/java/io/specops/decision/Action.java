package io.specops.decision;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a decision proposes. */
public enum Action {
  @JsonProperty("scale_up")
  SCALE_UP,
  @JsonProperty("scale_down")
  SCALE_DOWN,
  @JsonProperty("no_action")
  NO_ACTION;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isScaling() {
    return this != NO_ACTION;
  }

  public static Optional<Action> fromWire(String text) {
    return Arrays.stream(values())
        .filter(a -> a.wire().equals(text.trim().toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
