package io.specops.audit;

import io.specops.metrics.MetricsSnapshot;
import io.specops.service.DecisionOutcome;

/**
 * How a scaling decision ended, one record per decision: verified, partial, rolled_back, failed
 * (the scale call failed; nothing changed), planned (dry run), denied, skipped (breaker open, or
 * paused), deferred, rejected, expired, obsolete. Lets a reader check that no decision was left
 * without an end. After an operation it also carries seed 001's Step 9 outcome: replicas, cpu and
 * p95 latency before and after, and what improved.
 */
public record OutcomeRecord(
    String decisionId,
    String service,
    String action,
    int fromReplicas,
    int toReplicas,
    DecisionOutcome outcome,
    Integer replicasBefore,
    Integer replicasAfter,
    Double cpuBefore,
    Double cpuAfter,
    Double latencyBefore,
    Double latencyAfter,
    String improvement) {

  public OutcomeRecord(
      String decisionId,
      String service,
      String action,
      int fromReplicas,
      int toReplicas,
      DecisionOutcome outcome) {
    this(
        decisionId,
        service,
        action,
        fromReplicas,
        toReplicas,
        outcome,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The outcome with the service's state before and after the operation (either may be unknown).
   */
  public OutcomeRecord withMetrics(MetricsSnapshot before, MetricsSnapshot after) {
    if (before == null || after == null || before.metrics() == null || after.metrics() == null) {
      return this;
    }
    Double cpu0 = before.metrics().cpuUtilization();
    Double cpu1 = after.metrics().cpuUtilization();
    Double p0 = before.metrics().latencyP95();
    Double p1 = after.metrics().latencyP95();
    String improvement;
    if (cpu0 != null && cpu1 != null && cpu1 < cpu0 && (p0 == null || p1 == null || p1 <= p0)) {
      improvement =
          "Reduced load per replica"
              + (p0 != null && p1 != null && p1 < p0 ? ", improved latency" : "");
    } else if (cpu0 != null && cpu1 != null && cpu1 > cpu0) {
      improvement = "Fewer replicas carry the load at higher utilization";
    } else {
      improvement = "No measurable change";
    }
    return new OutcomeRecord(
        decisionId,
        service,
        action,
        fromReplicas,
        toReplicas,
        outcome,
        before.replicas(),
        after.podsReady(),
        cpu0,
        cpu1,
        p0,
        p1,
        improvement);
  }
}
