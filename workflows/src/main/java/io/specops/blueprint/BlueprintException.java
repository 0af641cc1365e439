package io.specops.blueprint;

import java.util.List;

/** A blueprint that failed validation; carries every error found, not just the first. */
public class BlueprintException extends RuntimeException {
  private final List<ValidationError> errors;

  public BlueprintException(List<ValidationError> errors) {
    super(describe(errors));
    this.errors = List.copyOf(errors);
  }

  public List<ValidationError> errors() {
    return errors;
  }

  private static String describe(List<ValidationError> errors) {
    StringBuilder out = new StringBuilder();
    for (ValidationError e : errors) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(e);
    }
    return out.toString();
  }
}
