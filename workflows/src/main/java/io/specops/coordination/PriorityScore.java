package io.specops.coordination;

import io.specops.blueprint.Criticality;
import io.specops.blueprint.Priority;

/**
 * The score conflicts are ordered by (seed 001: high/critical 90, medium/standard 50). Criticality
 * comes first, so every critical service outranks every standard one; priority orders within:
 *
 * <pre>
 *   priority \ criticality   standard   critical
 *   low                          20         70
 *   medium                       50         80
 *   high                         60         90
 *   critical                     65        100
 * </pre>
 */
public final class PriorityScore {
  private PriorityScore() {}

  public static int of(Priority priority, Criticality criticality) {
    if (criticality == Criticality.CRITICAL) {
      return switch (priority) {
        case LOW -> 70;
        case MEDIUM -> 80;
        case HIGH -> 90;
        case CRITICAL -> 100;
      };
    }
    return switch (priority) {
      case LOW -> 20;
      case MEDIUM -> 50;
      case HIGH -> 60;
      case CRITICAL -> 65;
    };
  }

  public static int of(String priority, String criticality) {
    return of(Priority.parse(priority), Criticality.parse(criticality));
  }
}
