package io.specops.service;

import io.specops.decision.Action;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.Health;
import java.time.Instant;

/**
 * The status query's answer: what the dashboard shows for one service (seed 000 "Multi-Service
 * Status"), plus governance and control state.
 */
public record ServiceStatus(
    String service,
    String namespace,
    String blueprintSource,
    String blueprintVersion,
    String priority,
    String criticality,
    boolean paused,
    ServicePhase phase,
    MetricsSnapshot observed,
    Targets targets,
    DecisionSummary lastDecision,
    OperationSummary lastOperation,
    PendingApproval pendingApproval,
    BreakerState breaker,
    Instant cooldownScaleUpUntil,
    Instant cooldownScaleDownUntil,
    Instant lastEvaluationAt,
    Instant nextEvaluationAt,
    long evaluations,
    long operations,
    boolean dryRun,
    Health health,
    OperationInFlight operation,
    String watcherWorkflowId) {

  /**
   * The same status with another view of the operation under way (a client's fresher reading); the
   * service's phase is its operation's.
   */
  public ServiceStatus withOperation(OperationInFlight op) {
    return withView(op.phase(), nextEvaluationAt, op);
  }

  /** The same status with another next evaluation time (a status view's estimate). */
  public ServiceStatus withNextEvaluationAt(Instant next) {
    return withView(phase, next, operation);
  }

  /** The fields a status view refines; everything else as the workflow answered. */
  private ServiceStatus withView(
      ServicePhase newPhase, Instant newNextEvaluationAt, OperationInFlight newOperation) {
    return new ServiceStatus(
        service,
        namespace,
        blueprintSource,
        blueprintVersion,
        priority,
        criticality,
        paused,
        newPhase,
        observed,
        targets,
        lastDecision,
        lastOperation,
        pendingApproval,
        breaker,
        cooldownScaleUpUntil,
        cooldownScaleDownUntil,
        lastEvaluationAt,
        newNextEvaluationAt,
        evaluations,
        operations,
        dryRun,
        health,
        newOperation,
        watcherWorkflowId);
  }

  /**
   * An operation under way: its phase (executing, waiting_for_pods, settling, verifying,
   * rolling_back) and the Deployment's desired and ready replicas as last read.
   */
  public record OperationInFlight(
      String decisionId,
      Action action,
      int fromReplicas,
      int toReplicas,
      ServicePhase phase,
      Integer desiredReplicas,
      Integer readyReplicas,
      Instant startedAt,
      String problem) {

    public OperationInFlight(
        String decisionId,
        Action action,
        int fromReplicas,
        int toReplicas,
        ServicePhase phase,
        Integer desiredReplicas,
        Integer readyReplicas,
        Instant startedAt) {
      this(
          decisionId,
          action,
          fromReplicas,
          toReplicas,
          phase,
          desiredReplicas,
          readyReplicas,
          startedAt,
          null);
    }

    /**
     * The operation with a later reading of its workload (the readiness wait's heartbeat). Pods all
     * ready at the target while the wait still runs means the settle time: the new pods take load
     * before verification.
     */
    public OperationInFlight withReading(WorkloadState reading) {
      boolean settled = phase == ServicePhase.WAITING_FOR_PODS && reading.reached(toReplicas);
      return new OperationInFlight(
          decisionId,
          action,
          fromReplicas,
          toReplicas,
          settled ? ServicePhase.SETTLING : phase,
          reading.desiredReplicas(),
          reading.readyReplicas(),
          startedAt,
          reading.problem() != null ? reading.problem() : reading.provisioning());
    }
  }

  /** The blueprint's targets, next to the observed values. */
  public record Targets(
      int minReplicas,
      int maxReplicas,
      double cpuUtilization,
      double memoryUtilization,
      long latencyP95Ms,
      double scaleUpThreshold,
      double scaleDownThreshold,
      String interval,
      long cpuRequestMillis,
      long memoryRequestBytes) {}
}
