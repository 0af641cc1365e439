package io.specops.service;

import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * What a service workflow carries across continue-as-new: its decision sequence, cooldown clocks,
 * circuit breaker, recent decisions, last observation and last operation, and whether it is
 * paused.
 */
public record ServiceState(
    long sequence,
    Instant lastScaleUpAt,
    Instant lastScaleDownAt,
    BreakerState breaker,
    List<DecisionSummary> recentDecisions,
    MetricsSnapshot lastSnapshot,
    OperationSummary lastOperation,
    Instant nextEvaluationAt,
    boolean paused,
    long evaluations,
    long operations,
    int runs) {

  public static ServiceState initial() {
    return new ServiceState(0, null, null, BreakerState.closed(), List.of(), null, null, null, false, 0, 0, 1);
  }
}
