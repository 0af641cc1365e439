package io.specops.coordination;

import java.time.Instant;
import java.util.Map;

/**
 * A granted operation the coordinator counts: its resources are held against the cluster's free
 * capacity until a capacity reading taken after its scale call went through ({@code written})
 * counts the pods itself ({@code executed}), and it holds an in-flight slot until it has {@code
 * finished}. Held until that reading, not until the write: a reading already under way when the
 * write lands may not see it, and the grant would be counted by neither (docs/coordination.md). A
 * scale-down rolled back is {@code finished} but still held, the room its rollback took back, until
 * such a reading; it holds no in-flight slot (false in ledgers carried from before the field).
 */
public record Reservation(
    String service,
    String decisionId,
    long cpuMillis,
    long memoryBytes,
    boolean executed,
    Instant grantedAt,
    Map<String, Double> shared,
    boolean written,
    boolean finished) {

  /** Just granted: held, its scale call not made yet. */
  public static Reservation granted(
      String service,
      String decisionId,
      long cpuMillis,
      long memoryBytes,
      Instant grantedAt,
      Map<String, Double> shared) {
    return new Reservation(
        service, decisionId, cpuMillis, memoryBytes, false, grantedAt, shared, false, false);
  }

  /** The cluster's capacity reading counts its pods: no longer held. */
  public Reservation asExecuted() {
    return new Reservation(
        service, decisionId, cpuMillis, memoryBytes, true, grantedAt, shared, true, finished);
  }

  /** The scale call went through; still held until a reading taken from now on. */
  public Reservation asWritten() {
    return new Reservation(
        service, decisionId, cpuMillis, memoryBytes, executed, grantedAt, shared, true, finished);
  }

  /**
   * As the ledger counts it: a scale-down (negative resources) holds the room it frees, as a
   * scale-up holds what it adds, until its operation has finished: a failed verification rolls it
   * back up, and that room must still be there.
   */
  public Reservation withRoomToUndo() {
    if (!freesRoom()) {
      return this;
    }
    Map<String, Double> room = new java.util.TreeMap<>();
    shared().forEach((name, amount) -> room.put(name, Math.abs(amount)));
    return new Reservation(
        service,
        decisionId,
        Math.abs(cpuMillis),
        Math.abs(memoryBytes),
        false,
        grantedAt,
        room.isEmpty() ? null : room,
        written,
        finished);
  }

  /**
   * A scale-down whose operation ended rolled back: its rollback wrote back the room it had freed
   * just before the operation finished, and a reading already under way may not see those pods. The
   * room stays held, as a written grant's does, until a reading that starts from now on.
   */
  public Reservation rolledBack() {
    Reservation room = withRoomToUndo();
    return new Reservation(
        service,
        decisionId,
        room.cpuMillis(),
        room.memoryBytes(),
        false,
        grantedAt,
        room.shared,
        true,
        true);
  }

  /** Whether this is a scale-down's: it frees room (negative resources) instead of taking it. */
  public boolean freesRoom() {
    return cpuMillis < 0 || memoryBytes < 0 || shared().values().stream().anyMatch(v -> v < 0);
  }

  /** Whether this is the reservation of {@code decisionId} for {@code service}. */
  public boolean of(String service, String decisionId) {
    return this.decisionId.equals(decisionId) && this.service.equals(service);
  }

  @Override
  public Map<String, Double> shared() {
    return shared == null ? Map.of() : shared;
  }
}
