package io.specops.blueprint;

/**
 * One problem with a blueprint: the file, the field path inside it (dotted, as in {@code
 * spec.scaling.min_replicas}), what is wrong, and the line where known (0 if not).
 */
public record ValidationError(String file, String path, String message, int line) {

  /** "blueprints/frontend/blueprint.yaml: spec.scaling.min_replicas (6) > max_replicas (5)". */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file).append(": ");
    if (path != null && !path.isEmpty() && !message.startsWith(path)) {
      out.append(path).append(": ");
    }
    out.append(message);
    if (line > 0) {
      out.append(" (line ").append(line).append(')');
    }
    return out.toString();
  }
}
