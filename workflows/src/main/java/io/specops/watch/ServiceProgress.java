package io.specops.watch;

import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.Health;
import java.time.Instant;

/**
 * A watcher's progress with one service, kept in its heartbeat details (so a retry on another
 * worker resumes where it stopped) and read by status views: when it was last evaluated, what was
 * decided, the metrics seen, and when the next evaluation is due.
 */
public record ServiceProgress(
    Instant lastEvaluatedAt,
    Instant nextDueAt,
    Instant engagedUntil,
    String lastDecisionId,
    String lastAction,
    Double weightedUtilization,
    String rationale,
    MetricsSnapshot observed,
    Health health,
    long evaluations,
    long wakes,
    Instant lastEvidenceAt) {

  public static ServiceProgress dueAt(Instant at) {
    return new ServiceProgress(null, at, null, null, null, null, null, null, null, 0, 0, null);
  }
}
