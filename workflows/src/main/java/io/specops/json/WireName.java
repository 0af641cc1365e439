package io.specops.json;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum whose wire name (in payloads, recorded histories, the audit log and JSON the user reads)
 * is its constant's name in lower case: {@code ROLLED_BACK} is {@code "rolled_back"}, both ways.
 * Renaming a constant renames its wire name: the recorded-history and wire-name tests catch that.
 */
public interface WireName {
  /** {@link Enum#name()}. */
  String name();

  @JsonValue
  default String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
