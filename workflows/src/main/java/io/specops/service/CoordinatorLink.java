package io.specops.service;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.coordination.CapacityDecision;
import io.specops.coordination.CapacityRequest;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.OperationEvent;
import io.specops.decision.Decision;
import io.specops.kubernetes.QuotaShare;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.PodRequest;
import io.specops.prediction.Health;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service workflow's side of the capacity protocol: before an operation it signals {@code
 * request_capacity} to its coordinator and waits for {@code capacity_decision}; it reports {@code
 * executed} and {@code finished}. A service without a coordinator is always admitted.
 */
final class CoordinatorLink {
  /** How long a service waits for its coordinator before it treats the request as deferred. */
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(15);

  private final String fleetWorkflowId;
  private CapacityDecision answer;

  CoordinatorLink(String fleetWorkflowId) {
    this.fleetWorkflowId = fleetWorkflowId;
  }

  boolean enabled() {
    return fleetWorkflowId != null;
  }

  void onDecision(CapacityDecision decision) {
    answer = decision;
  }

  String lastAnsweredId() {
    return answer == null ? null : answer.decisionId();
  }

  CapacityRequest request(
      Blueprint bp,
      Decision d,
      MetricsSnapshot snapshot,
      QuotaShare quota,
      ServiceState state,
      Health health) {
    int delta = d.targetReplicas() - d.currentReplicas();
    Metrics m =
        snapshot == null || snapshot.metrics() == null ? Metrics.none() : snapshot.metrics();
    String degradedReason = null;
    if (m.errorRate() != null && m.errorRate() > bp.spec().performance().errorRateThreshold()) {
      degradedReason =
          "error rate above "
              + Quantities.formatPercent(bp.spec().performance().errorRateThreshold());
    } else if (m.latencyP95() != null
        && m.latencyP95() > bp.spec().performance().latencyP95Target().toMillis()) {
      degradedReason = "p95 above " + bp.spec().performance().latencyP95Target().toMillis() + "ms";
    } else if (health != null && health.degraded()) {
      degradedReason = "health " + health.score() + " (" + health.status() + ")";
    }
    Instant last = state.lastOperation() == null ? null : state.lastOperation().startedAt();
    // the pods take what their template requests: asking for the blueprint's smaller cpu_request
    // would be granted room the node does not have (absent in histories from before the field)
    PodRequest perPod = snapshot == null ? null : snapshot.podRequest();
    return new CapacityRequest(
        bp.name(),
        Workflow.getInfo().getWorkflowId(),
        d.decisionId(),
        d.action(),
        d.currentReplicas(),
        d.targetReplicas(),
        delta * PodRequest.cpuMillis(bp.spec().resources().cpuRequestMillis(), perPod),
        delta * PodRequest.memoryBytes(bp.spec().resources().memoryRequestBytes(), perPod),
        bp.metadata().priority().wire(),
        bp.metadata().criticality().wire(),
        degradedReason != null,
        degradedReason,
        bp.spec().dependencies(),
        state.breaker().state(),
        last,
        Instant.ofEpochMilli(Workflow.currentTimeMillis()),
        shared(bp, quota, delta));
  }

  /**
   * The shared resources the operation adds (per-replica use x replicas added), and its new pods'
   * take from the namespace's ResourceQuotas, which the coordinator pools among the namespace's
   * services; null with none.
   */
  private static Map<String, Double> shared(Blueprint bp, QuotaShare quota, int delta) {
    if (bp.spec().resources().shared().isEmpty() && quota == null) {
      return null;
    }
    Map<String, Double> out = new TreeMap<>();
    bp.spec().resources().shared().forEach((name, perReplica) -> out.put(name, perReplica * delta));
    if (quota != null) {
      out.putAll(quota.adds(delta));
    }
    return out;
  }

  /** Sends the request; the caller waits for {@link #answered(String)}. */
  void send(CapacityRequest request) {
    answer = null;
    Workflow.newExternalWorkflowStub(FleetWorkflow.class, fleetWorkflowId).requestCapacity(request);
  }

  boolean answered(String decisionId) {
    return answer != null && decisionId.equals(answer.decisionId());
  }

  CapacityDecision answer() {
    return answer;
  }

  void executed(String service, String decisionId) {
    event(service, decisionId, "executed", null);
  }

  void finished(String service, String decisionId, String outcome) {
    event(service, decisionId, "finished", outcome);
  }

  private void event(String service, String decisionId, String phase, String outcome) {
    if (!enabled()) {
      return;
    }
    try {
      Workflow.newExternalWorkflowStub(FleetWorkflow.class, fleetWorkflowId)
          .operationEvent(new OperationEvent(service, decisionId, phase, outcome));
    } catch (RuntimeException e) {
      // the coordinator is gone; nothing to release
      Workflow.getLogger(CoordinatorLink.class)
          .warn("operation event not delivered: {}", e.getMessage());
    }
  }
}
