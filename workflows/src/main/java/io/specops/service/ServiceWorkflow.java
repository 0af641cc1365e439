package io.specops.service;

import io.specops.blueprint.Blueprint;
import io.specops.coordination.CapacityDecision;
import io.specops.evidence.EvidenceAsk;
import io.specops.evidence.EvidenceReport;
import io.specops.prediction.HistoryPoint;
import io.specops.watch.WakeSignal;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One long-running workflow per service, id {@code specops-service-<name>}: collect, decide,
 * govern, (approval), execute, verify, record, wait. Signal and query names are the ones to use
 * with {@code temporal workflow signal --name ...} and {@code temporal workflow query --type ...}.
 */
@WorkflowInterface
public interface ServiceWorkflow {

  static String workflowId(String service) {
    return "specops-service-" + service;
  }

  @WorkflowMethod(name = "ServiceWorkflow")
  void run(ServiceInput input);

  @SignalMethod(name = "approve")
  void approve(ApprovalSignal approval);

  @SignalMethod(name = "reject")
  void reject(ApprovalSignal rejection);

  @SignalMethod(name = "pause")
  void pause();

  @SignalMethod(name = "resume")
  void resume();

  @SignalMethod(name = "evaluate_now")
  void evaluateNow();

  @SignalMethod(name = "update_blueprint")
  void updateBlueprint(BlueprintUpdate update);

  /** A manual scale request; it goes through governance like any decision. */
  @SignalMethod(name = "scale")
  void scale(ScaleCommand command);

  /**
   * A manual scale request that answers at once with the decision it made: going ahead, waiting for
   * approval (and by whom), or refused. The {@code scale} signal does the same without an answer.
   */
  @UpdateMethod(name = "request_scale")
  ScaleAnswer requestScale(ScaleCommand command);

  @UpdateValidatorMethod(updateName = "request_scale")
  void validateRequestScale(ScaleCommand command);

  /**
   * Collects incident evidence now (logs, events, rollouts) and answers with the root-cause report
   * (docs/evidence.md); it is recorded in the audit trail like the automatic ones.
   */
  @UpdateMethod(name = "collect_evidence")
  EvidenceReport collectEvidence(EvidenceAsk ask);

  @UpdateValidatorMethod(updateName = "collect_evidence")
  void validateCollectEvidence(EvidenceAsk ask);

  /**
   * Sent by the service's watcher when an evaluation calls for an operation: evaluate again now,
   * and act.
   */
  @SignalMethod(name = "wake")
  void wake(WakeSignal signal);

  /** The coordinator's answer to this service's capacity request. */
  @SignalMethod(name = "capacity_decision")
  void capacityDecision(CapacityDecision decision);

  /** Finish the current step and end (the coordinator sends it when a blueprint is removed). */
  @SignalMethod(name = "stop")
  void stop();

  @QueryMethod(name = "status")
  ServiceStatus status();

  @QueryMethod(name = "decisions")
  List<DecisionSummary> decisions(int limit);

  /**
   * The newest {@code limit} points of the metrics history (0: all, at most 1000), oldest first.
   */
  @QueryMethod(name = "history")
  List<HistoryPoint> history(int limit);

  /** The blueprint the service runs on now. */
  @QueryMethod(name = "blueprint")
  Blueprint blueprint();
}
