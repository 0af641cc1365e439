package io.specops.decision;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Ids in the seeds' form with the service in them: {@code dec-20260210-183000-todo-frontend-001}.
 * The seeds number decisions fleet-wide ({@code -001}, {@code -002}); numbering across workflows
 * would need a round trip to the coordinator per decision, so the id carries the service name
 * (unique in a namespace: it is in the workflow id) and the service's own sequence number (mod
 * 1000). Ids are therefore unique across the fleet, readable, and derived deterministically from
 * the workflow's clock and state.
 */
public final class DecisionIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private DecisionIds() {}

  public static String decision(String service, Instant at, long sequence) {
    return id("dec", service, at, sequence);
  }

  /**
   * A service workflow numbers its decisions from 1 (001-999, then again); a watcher's evaluations
   * (sequence 0) end in 000: a watcher evaluates a service at most once a second, so its ids are
   * unique without a counter to carry (docs/scaling.md "Watchers").
   */
  public static String id(String prefix, String service, Instant at, long sequence) {
    long suffix = sequence <= 0 ? 0 : Math.floorMod(sequence - 1, 999) + 1;
    return String.format("%s-%s-%s-%03d", prefix, STAMP.format(at), service, suffix);
  }

  /** The governance id that belongs with a decision id: same stamp, service and suffix. */
  public static String governanceFor(String decisionId) {
    return decisionId.startsWith("dec-") ? "gov-" + decisionId.substring(4) : "gov-" + decisionId;
  }

  /**
   * The verification id of a decision's operation: the verification's own time, the decision's
   * service and suffix.
   */
  public static String verificationFor(String decisionId, Instant at) {
    // dec-yyyyMMdd-HHmmss-<rest>: the stamp is 15 characters after the prefix
    String rest =
        decisionId.length() > 20 && decisionId.startsWith("dec-")
            ? decisionId.substring(20)
            : decisionId;
    return "ver-" + STAMP.format(at) + "-" + rest;
  }
}
