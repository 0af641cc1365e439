package io.specops.decision;

import static io.specops.blueprint.Quantities.formatDuration;

import io.specops.blueprint.Blueprint;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a direction is held back by a cooldown (docs/blueprint.md, spec.scaling.cooldown): each
 * direction after its own last operation, and a scale-down after a scale-up when the blueprint sets
 * {@code scale_down_after_scale_up}. Cooldowns hold back operations, never evaluations.
 */
final class Cooldowns {
  private Cooldowns() {}

  /** Why {@code action} may not run now ("scale_down cooldown has 2m left (...)"), or null. */
  static String left(Blueprint bp, DecisionContext context, Action action) {
    Blueprint.Cooldown cooldown = bp.spec().scaling().cooldown();
    String own =
        left(
            bp,
            context.now(),
            context.lastScaled(action),
            cooldown.after(action),
            action.wire() + " cooldown",
            "spec.scaling.cooldown." + action.wire());
    if (own != null || action != Action.SCALE_DOWN) {
      return own;
    }
    return left(
        bp,
        context.now(),
        context.lastScaleUpAt(),
        cooldown.scaleDownAfterScaleUp(),
        "the scale-down hold after a scale-up",
        "spec.scaling.cooldown.scale_down_after_scale_up");
  }

  private static String left(
      Blueprint bp, Instant now, Instant last, Duration cooldown, String what, String field) {
    if (last == null || cooldown.isZero()) {
      return null;
    }
    Duration left = Duration.between(now, last.plus(cooldown));
    if (left.isNegative() || left.isZero()) {
      return null;
    }
    return what
        + " has "
        + formatDuration(Duration.ofSeconds((left.toMillis() + 999) / 1000))
        + " left ("
        + bp.ref(field)
        + " = "
        + formatDuration(cooldown)
        + ")";
  }
}
