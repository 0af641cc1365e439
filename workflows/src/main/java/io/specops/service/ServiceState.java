package io.specops.service;

import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service workflow carries across continue-as-new: its decision sequence, cooldown clocks,
 * circuit breaker, recent decisions, last observation and operation, whether it is paused, and its
 * metrics history (seed 002: bounded, 1000 entries).
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
    int runs,
    List<HistoryPoint> history) {

  public static final int HISTORY_LIMIT = 1000;

  public static ServiceState initial() {
    return new ServiceState(
        0,
        null,
        null,
        BreakerState.closed(),
        List.of(),
        null,
        null,
        null,
        false,
        0,
        0,
        1,
        List.of());
  }

  @Override
  public List<HistoryPoint> history() {
    return history == null ? List.of() : history;
  }

  /** The next evaluation is counted, with its sequence number. */
  ServiceState evaluating() {
    return new ServiceState(
        sequence + 1,
        lastScaleUpAt,
        lastScaleDownAt,
        breaker,
        recentDecisions,
        lastSnapshot,
        lastOperation,
        nextEvaluationAt,
        paused,
        evaluations + 1,
        operations,
        runs,
        history);
  }

  ServiceState observed(MetricsSnapshot snapshot, HistoryPoint point) {
    List<HistoryPoint> h = history();
    if (point != null) {
      h = new ArrayList<>(h);
      h.add(point);
      if (h.size() > HISTORY_LIMIT) {
        h = new ArrayList<>(h.subList(h.size() - HISTORY_LIMIT, h.size()));
      }
    }
    return new ServiceState(
        sequence,
        lastScaleUpAt,
        lastScaleDownAt,
        breaker,
        recentDecisions,
        snapshot,
        lastOperation,
        nextEvaluationAt,
        paused,
        evaluations,
        operations,
        runs,
        List.copyOf(h));
  }

  ServiceState operated(
      Instant scaleUpAt,
      Instant scaleDownAt,
      BreakerState newBreaker,
      MetricsSnapshot after,
      OperationSummary operation) {
    return new ServiceState(
        sequence,
        scaleUpAt,
        scaleDownAt,
        newBreaker,
        recentDecisions,
        after != null ? after : lastSnapshot,
        operation,
        nextEvaluationAt,
        paused,
        evaluations,
        operations + 1,
        runs,
        history);
  }

  ServiceState scheduled(Instant next, List<DecisionSummary> recent) {
    return new ServiceState(
        sequence,
        lastScaleUpAt,
        lastScaleDownAt,
        breaker,
        List.copyOf(recent),
        lastSnapshot,
        lastOperation,
        next,
        paused,
        evaluations,
        operations,
        runs,
        history);
  }

  ServiceState paused(boolean value) {
    return new ServiceState(
        sequence,
        lastScaleUpAt,
        lastScaleDownAt,
        breaker,
        recentDecisions,
        lastSnapshot,
        lastOperation,
        nextEvaluationAt,
        value,
        evaluations,
        operations,
        runs,
        history);
  }

  /** The state a new run starts from. */
  ServiceState continued(List<DecisionSummary> recent) {
    return new ServiceState(
        sequence,
        lastScaleUpAt,
        lastScaleDownAt,
        breaker,
        List.copyOf(recent),
        lastSnapshot,
        lastOperation,
        nextEvaluationAt,
        paused,
        evaluations,
        operations,
        runs + 1,
        history);
  }

  /** The newest {@code n} history points, oldest first. */
  List<HistoryPoint> recentHistory(int n) {
    List<HistoryPoint> h = history();
    return h.size() <= n ? h : h.subList(h.size() - n, h.size());
  }
}
