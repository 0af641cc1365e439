package io.specops.client;

import java.util.List;

/**
 * A refusal or failure in one sentence, with what it means for a caller: {@code NOT_FOUND} (no such
 * workflow or decision), {@code INVALID} (bad input), {@code FORBIDDEN} (not an approver), {@code
 * CONFLICT} (already running / already answered), {@code UNAVAILABLE} (Temporal not reachable).
 */
public class SpecopsClientException extends RuntimeException {
  public enum Kind {
    NOT_FOUND,
    INVALID,
    FORBIDDEN,
    CONFLICT,
    UNAVAILABLE
  }

  private final Kind kind;
  private final List<String> details;

  public SpecopsClientException(Kind kind, String message) {
    this(kind, message, List.of());
  }

  public SpecopsClientException(Kind kind, String message, List<String> details) {
    super(message);
    this.kind = kind;
    this.details = details;
  }

  public Kind kind() {
    return kind;
  }

  public List<String> details() {
    return details;
  }
}
