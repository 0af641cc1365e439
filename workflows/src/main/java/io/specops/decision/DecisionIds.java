package io.specops.decision;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Ids in the seeds' form: {@code dec-20260210-183000-001}. The suffix is the service's own
 * sequence number (mod 1000), so ids are unique per service; every command that takes an id
 * also takes the service.
 */
public final class DecisionIds {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private DecisionIds() {}

  public static String decision(Instant at, long sequence) {
    return id("dec", at, sequence);
  }

  public static String governance(Instant at, long sequence) {
    return id("gov", at, sequence);
  }

  public static String verification(Instant at, long sequence) {
    return id("ver", at, sequence);
  }

  public static String id(String prefix, Instant at, long sequence) {
    long suffix = Math.floorMod(sequence - 1, 999) + 1;
    return String.format("%s-%s-%03d", prefix, STAMP.format(at), suffix);
  }

  /** The governance id that belongs with a decision id: same stamp and suffix. */
  public static String governanceFor(String decisionId) {
    return decisionId.startsWith("dec-") ? "gov-" + decisionId.substring(4) : "gov-" + decisionId;
  }
}
