package io.specops.audit;

import io.specops.blueprint.Quantities;
import io.specops.kubernetes.ScaleOutcome;
import io.specops.kubernetes.ScaleResult;
import java.time.Duration;
import java.time.Instant;

/** An executed (or planned, in dry run) scale call in seed 001 Step 7's shape. */
public record ExecutionRecord(
    String operationId,
    String service,
    String operationType,
    int previousReplicas,
    int targetReplicas,
    ScaleOutcome outcome,
    String resourceVersion,
    Execution execution) {

  public record Execution(
      Instant startedAt, Instant completedAt, String duration, int exitCode, String stdout) {}

  public static ExecutionRecord of(String service, String operationType, ScaleResult r) {
    Duration took = Duration.between(r.startedAt(), r.completedAt());
    return new ExecutionRecord(
        r.operationId(),
        service,
        operationType,
        r.previousReplicas(),
        r.targetReplicas(),
        r.outcome(),
        r.resourceVersion(),
        new Execution(
            r.startedAt(), r.completedAt(), Quantities.formatElapsed(took), 0, r.message()));
  }

  public static ExecutionRecord failed(
      String operationId,
      String service,
      String operationType,
      int from,
      int to,
      Instant startedAt,
      Instant completedAt,
      String error) {
    return new ExecutionRecord(
        operationId,
        service,
        operationType,
        from,
        to,
        ScaleOutcome.FAILED,
        null,
        new Execution(
            startedAt,
            completedAt,
            Quantities.formatElapsed(Duration.between(startedAt, completedAt)),
            1,
            error));
  }
}
