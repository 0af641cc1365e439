package io.specops.service;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.prediction.Health;
import java.time.Duration;
import java.time.Instant;

/**
 * The status query's answer, read from the service workflow's parts (its state, decision log,
 * approval gate and operation runner). Reads only: a query must not change state or issue commands.
 */
final class StatusView {
  private StatusView() {}

  /** What the service is doing: paused, waiting for an answer or capacity, else its operation's. */
  static ServicePhase phase(
      ServiceState state,
      ApprovalGate approvals,
      DecisionLog decisions,
      OperationRunner operations) {
    if (state.paused()) {
      return ServicePhase.PAUSED;
    }
    if (approvals.pending() != null) {
      return ServicePhase.AWAITING_APPROVAL;
    }
    if (decisions.lastEndedAs(DecisionOutcome.AWAITING_CAPACITY)) {
      return ServicePhase.AWAITING_CAPACITY;
    }
    return operations == null ? ServicePhase.STARTING : operations.phase();
  }

  /** The parts a status is read from, as the workflow holds them now. */
  record Parts(
      Blueprint blueprint,
      ServiceSettings settings,
      ServiceState state,
      ServicePhase phase,
      DecisionLog decisions,
      ApprovalGate approvals,
      Health health,
      OperationRunner operations,
      String watcherWorkflowId,
      Instant nextEvaluation,
      Instant now) {}

  static ServiceStatus of(Parts p) {
    Blueprint blueprint = p.blueprint();
    Blueprint.Scaling s = blueprint.spec().scaling();
    DecisionSummary last = p.decisions().last();
    return new ServiceStatus(
        blueprint.name(),
        blueprint.metadata().namespace(),
        blueprint.source(),
        blueprint.metadata().version(),
        blueprint.metadata().priority().wire(),
        blueprint.metadata().criticality().wire(),
        p.state().paused(),
        p.phase(),
        p.state().lastSnapshot(),
        targets(blueprint),
        last,
        p.state().lastOperation(),
        p.approvals().pending(),
        p.state().breaker().at(p.now(), p.settings().breakerCoolOff()),
        until(p.state().lastScaleUpAt(), s.cooldown().scaleUp(), p.now()),
        until(p.state().lastScaleDownAt(), s.cooldown().scaleDown(), p.now()),
        last == null ? null : last.decidedAt(),
        p.nextEvaluation(),
        p.state().evaluations(),
        p.state().operations(),
        p.settings().dryRun() || blueprint.spec().governance().dryRun(),
        p.health(),
        p.operations().inFlight(),
        p.watcherWorkflowId());
  }

  private static ServiceStatus.Targets targets(Blueprint blueprint) {
    Blueprint.Scaling s = blueprint.spec().scaling();
    return new ServiceStatus.Targets(
        s.minReplicas(),
        s.maxReplicas(),
        s.targetCpuUtilization(),
        s.targetMemoryUtilization(),
        blueprint.spec().performance().latencyP95Target().toMillis(),
        s.scaleUpThreshold(),
        s.scaleDownThreshold(),
        Quantities.formatDuration(blueprint.spec().evaluation().interval()),
        blueprint.spec().resources().cpuRequestMillis(),
        blueprint.spec().resources().memoryRequestBytes());
  }

  /** When a cooldown ends, if it has not yet. */
  private static Instant until(Instant last, Duration cooldown, Instant now) {
    if (last == null) {
      return null;
    }
    Instant end = last.plus(cooldown);
    return end.isAfter(now) ? end : null;
  }
}
