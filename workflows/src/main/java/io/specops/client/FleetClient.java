package io.specops.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintException;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.Quantities;
import io.specops.blueprint.ValidationError;
import io.specops.coordination.FleetInput;
import io.specops.coordination.FleetSettings;
import io.specops.coordination.FleetStatus;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.LoadedBlueprint;
import io.specops.decision.Action;
import io.specops.evidence.EvidenceAsk;
import io.specops.evidence.EvidenceReport;
import io.specops.governance.Classification;
import io.specops.kubernetes.WorkloadState;
import io.specops.prediction.HistoryPoint;
import io.specops.service.ApprovalSignal;
import io.specops.service.BlueprintUpdate;
import io.specops.service.DecisionOutcome;
import io.specops.service.DecisionSummary;
import io.specops.service.PendingApproval;
import io.specops.service.ScaleAnswer;
import io.specops.service.ScaleCommand;
import io.specops.service.ServicePhase;
import io.specops.service.ServiceStatus;
import io.specops.service.ServiceWorkflow;
import io.specops.watch.ServiceProgress;
import io.specops.watch.WatchProgress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything an operator does to a fleet, through Temporal only (signals and queries), with the
 * checks that give a clear answer before anything is sent: the CLI and the worker's REST API both
 * use it. Every failure is a {@link SpecopsClientException} with one clear sentence.
 */
public final class FleetClient {
  public static final String TASK_QUEUE = "specops";

  private final WorkflowClient client;
  private final String target;

  public FleetClient(WorkflowClient client, String target) {
    this.client = client;
    this.target = target;
  }

  // ---- fleet ----

  /**
   * Starts a fleet; {@code settings} null means the worker's configured ones, with {@code
   * overrides} on top.
   */
  public String startFleet(
      String fleet,
      List<LoadedBlueprint> blueprints,
      String workerDirectory,
      FleetSettings settings,
      FleetInput.Overrides overrides) {
    return startFleet(fleet, blueprints, workerDirectory, settings, overrides, null);
  }

  /**
   * As above, with the fleet file's budgets of shared resources when the blueprints are sent from
   * here.
   */
  public String startFleet(
      String fleet,
      List<LoadedBlueprint> blueprints,
      String workerDirectory,
      FleetSettings settings,
      FleetInput.Overrides overrides,
      Map<String, Double> sharedBudgets) {
    FleetWorkflow wf =
        client.newWorkflowStub(
            FleetWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(FleetWorkflow.workflowId(fleet))
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    try {
      return call(() ->
              WorkflowClient.start(
                  wf::run,
                  new FleetInput(
                      fleet,
                      workerDirectory,
                      blueprints,
                      settings,
                      null,
                      overrides,
                      sharedBudgets == null || sharedBudgets.isEmpty() ? null : sharedBudgets)))
          .getRunId();
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.CONFLICT,
          "fleet "
              + fleet
              + " is already running ("
              + FleetWorkflow.workflowId(fleet)
              + "); stop it first or use reload");
    }
  }

  public void stopFleet(String fleet) {
    call(
        () -> {
          fleet(fleet).stop();
          return null;
        },
        FleetWorkflow.workflowId(fleet));
  }

  public void reloadFleet(String fleet) {
    call(
        () -> {
          fleet(fleet).reload();
          return null;
        },
        FleetWorkflow.workflowId(fleet));
  }

  /**
   * Stops one service's workflow through the coordinator, which holds it stopped until {@link
   * #startService}.
   */
  public FleetStatus.Entry stopService(String fleet, String service) {
    FleetStatus.Entry e = member(fleet, service);
    call(
        () -> {
          fleet(fleet).stopService(service);
          return null;
        },
        FleetWorkflow.workflowId(fleet));
    return e;
  }

  /** Starts a held (or ended) service again on its last blueprint. */
  public FleetStatus.Entry startService(String fleet, String service) {
    FleetStatus.Entry e = member(fleet, service);
    if ("running".equals(e.state())) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.CONFLICT,
          service + " is already running (" + e.workflowId() + ")");
    }
    call(
        () -> {
          fleet(fleet).startService(service);
          return null;
        },
        FleetWorkflow.workflowId(fleet));
    return e;
  }

  private FleetStatus.Entry member(String fleet, String service) {
    FleetStatus status = view(fleet).coordinator();
    return status.services().stream()
        .filter(e -> e.name().equals(service))
        .findFirst()
        .orElseThrow(
            () ->
                new SpecopsClientException(
                    SpecopsClientException.Kind.NOT_FOUND,
                    service
                        + " is not a service of fleet "
                        + fleet
                        + " (services: "
                        + String.join(
                            ", ", status.services().stream().map(FleetStatus.Entry::name).toList())
                        + ")"));
  }

  public FleetStatus fleetStatus(String fleet) {
    return call(() -> fleet(fleet).status(), FleetWorkflow.workflowId(fleet));
  }

  /**
   * The coordinator's status and every service's, for the dashboard; refused when the fleet is not
   * running.
   */
  public FleetView view(String fleet) {
    String id = FleetWorkflow.workflowId(fleet);
    WorkflowExecutionMetadata execution =
        call(() -> client.newUntypedWorkflowStub(id).describe(), id);
    if (execution.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.NOT_FOUND,
          "fleet "
              + fleet
              + " is not running ("
              + closed(execution)
              + "); start it with: specops fleet start");
    }
    FleetStatus status = fleetStatus(fleet);
    List<ServiceStatus> services = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    Map<String, WatchProgress> watchers = new HashMap<>();
    for (FleetStatus.Entry e : status.services()) {
      if (!"running".equals(e.state())) {
        continue;
      }
      try {
        ServiceStatus s = withReading(service(e.name()).status());
        services.add(
            s.watcherWorkflowId() == null
                ? s
                : merge(s, watchers.computeIfAbsent(s.watcherWorkflowId(), this::watcherProgress)));
      } catch (RuntimeException ex) {
        unreachable.add(e.name());
      }
    }
    return new FleetView(fleet, Instant.now(), status, services, status.capacity(), unreachable);
  }

  // ---- one service ----

  /**
   * A service's status; a workflow that has ended says so ("stopped"), whatever its last phase was.
   */
  public ServiceStatus status(String service) {
    String id = ServiceWorkflow.workflowId(service);
    ServiceStatus s = withWatcher(call(() -> service(service).status(), id));
    WorkflowExecutionDescription execution =
        call(() -> client.newUntypedWorkflowStub(id).describe(), id);
    if (execution.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return withReading(s, execution);
    }
    return new ServiceStatus(
        s.service(),
        s.namespace(),
        s.blueprintSource(),
        s.blueprintVersion(),
        s.priority(),
        s.criticality(),
        s.paused(),
        ServicePhase.STOPPED,
        s.observed(),
        s.targets(),
        s.lastDecision(),
        s.lastOperation(),
        null,
        s.breaker(),
        null,
        null,
        s.lastEvaluationAt(),
        null,
        s.evaluations(),
        s.operations(),
        s.dryRun(),
        s.health(),
        null,
        null);
  }

  /**
   * A watched service waits for its new pods inside one heart-beating activity, so its workflow
   * cannot say how far the rollout is; the activity's latest heartbeat (the workload as last read)
   * can, with a describe that costs no action.
   */
  private ServiceStatus withReading(ServiceStatus s) {
    if (!awaitsReading(s)) {
      return s;
    }
    String id = ServiceWorkflow.workflowId(s.service());
    try {
      return withReading(s, client.newUntypedWorkflowStub(id).describe());
    } catch (RuntimeException e) {
      return s; // the reading is a view; the status stands without it
    }
  }

  private ServiceStatus withReading(ServiceStatus s, WorkflowExecutionDescription execution) {
    if (!awaitsReading(s)) {
      return s;
    }
    for (var activity : execution.getRawDescription().getPendingActivitiesList()) {
      if (activity.hasHeartbeatDetails()) {
        try {
          WorkloadState reading = heartbeatDetails(activity, WorkloadState.class);
          if (reading != null) {
            return s.withOperation(s.operation().withReading(reading));
          }
        } catch (RuntimeException e) {
          // not a workload reading (or an older worker's): the status stands without it
        }
      }
    }
    return s;
  }

  /** A pending activity's latest heartbeat details, as this client's data converter reads them. */
  private <T> T heartbeatDetails(PendingActivityInfo activity, Class<T> type) {
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(0, Optional.of(activity.getHeartbeatDetails()), type, type);
  }

  /** An operation under way whose workflow has no reading of the workload yet. */
  private static boolean awaitsReading(ServiceStatus s) {
    return s.operation() != null && s.operation().desiredReplicas() == null;
  }

  /**
   * A watched service's idle side lives in its watcher's heartbeat (read with a describe, which
   * costs no action): its last evaluation, what it saw and decided, and when the next is due.
   */
  private ServiceStatus withWatcher(ServiceStatus s) {
    return s.watcherWorkflowId() == null ? s : merge(s, watcherProgress(s.watcherWorkflowId()));
  }

  /** The watch activity's latest heartbeat details, or null (between leases, or unreadable). */
  public WatchProgress watcherProgress(String watcherWorkflowId) {
    WatcherHeartbeat h = watcherHeartbeat(watcherWorkflowId);
    return h == null ? null : h.progress();
  }

  /** A watch activity's latest heartbeat: its details and when the server received it. */
  public record WatcherHeartbeat(WatchProgress progress, Instant at) {}

  /** The watch activity's latest heartbeat, or null (between leases, or unreadable). */
  public WatcherHeartbeat watcherHeartbeat(String watcherWorkflowId) {
    try {
      var raw = client.newUntypedWorkflowStub(watcherWorkflowId).describe().getRawDescription();
      for (var activity : raw.getPendingActivitiesList()) {
        if (activity.hasHeartbeatDetails()) {
          WatchProgress progress = heartbeatDetails(activity, WatchProgress.class);
          var at = activity.getLastHeartbeatTime();
          return new WatcherHeartbeat(progress, instant(at));
        }
      }
    } catch (RuntimeException e) {
      // the watcher's progress is a view; the service's own status stands without it
    }
    return null;
  }

  /**
   * A watched service's status: its workflow's, with the watcher's latest progress where that is
   * newer, and the next evaluation projected past the heartbeat's age (from the watcher's due time,
   * or, when the workflow evaluated last, from that evaluation: the watcher keeps the rhythm).
   */
  private static ServiceStatus merge(ServiceStatus s, WatchProgress progress) {
    ServiceStatus merged = withProgress(s, progress);
    return merged.phase() == ServicePhase.IDLE && !merged.paused()
        ? merged.withNextEvaluationAt(
            WatchedNextEvaluation.of(
                merged.nextEvaluationAt(),
                merged.lastEvaluationAt(),
                interval(merged),
                Instant.now()))
        : merged;
  }

  /**
   * The watcher's progress merged in: its evaluation where it is the newer one, and its count of
   * evaluations always (the service's count is both: a workflow evaluating after its watcher did
   * must not make the count go down).
   */
  private static ServiceStatus withProgress(ServiceStatus s, WatchProgress progress) {
    ServiceProgress p = progress == null ? null : progress.services().get(s.service());
    if (p == null) {
      return s;
    }
    boolean newer =
        p.lastEvaluatedAt() != null
            && (s.lastEvaluationAt() == null || !s.lastEvaluationAt().isAfter(p.lastEvaluatedAt()));
    DecisionSummary watched =
        newer
            ? new DecisionSummary(
                p.lastDecisionId(),
                Action.fromWire(p.lastAction()).orElse(Action.NO_ACTION),
                p.observed() == null ? 0 : p.observed().replicas(),
                p.observed() == null ? 0 : p.observed().replicas(),
                p.weightedUtilization(),
                "watch",
                p.rationale(),
                Classification.NOT_APPLICABLE,
                DecisionOutcome.NO_ACTION,
                p.lastEvaluatedAt())
            : null;
    boolean idle = s.phase() == ServicePhase.IDLE;
    return new ServiceStatus(
        s.service(),
        s.namespace(),
        s.blueprintSource(),
        s.blueprintVersion(),
        s.priority(),
        s.criticality(),
        s.paused(),
        s.phase(),
        newer && p.observed() != null ? p.observed() : s.observed(),
        s.targets(),
        newer && idle ? watched : s.lastDecision(),
        s.lastOperation(),
        s.pendingApproval(),
        s.breaker(),
        s.cooldownScaleUpUntil(),
        s.cooldownScaleDownUntil(),
        newer ? p.lastEvaluatedAt() : s.lastEvaluationAt(),
        newer && idle && !s.paused() ? p.nextDueAt() : s.nextEvaluationAt(),
        s.evaluations() + p.evaluations(),
        s.operations(),
        s.dryRun(),
        // a newer reading without a health (scaled to zero, metrics unreadable) has none now: the
        // workflow's older one would show a health the service no longer has
        newer ? p.health() : s.health(),
        s.operation(),
        s.watcherWorkflowId());
  }

  private static Duration interval(ServiceStatus s) {
    try {
      return s.targets() == null || s.targets().interval() == null
          ? null
          : Quantities.parseDuration(s.targets().interval());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String closed(WorkflowExecutionMetadata execution) {
    String how =
        execution
            .getStatus()
            .name()
            .replace("WORKFLOW_EXECUTION_STATUS_", "")
            .toLowerCase(Locale.ROOT);
    return how + (execution.getCloseTime() == null ? "" : " at " + execution.getCloseTime());
  }

  public List<DecisionSummary> decisions(String service, int limit) {
    return call(() -> service(service).decisions(limit), ServiceWorkflow.workflowId(service));
  }

  public List<HistoryPoint> history(String service, int limit) {
    return call(() -> service(service).history(limit), ServiceWorkflow.workflowId(service));
  }

  public Blueprint blueprint(String service) {
    return call(() -> service(service).blueprint(), ServiceWorkflow.workflowId(service));
  }

  /**
   * Approves or rejects a pending operation after checking, against the service's own status, that
   * the decision is the one waiting and that {@code approver} is one of its approvers.
   */
  public PendingApproval answer(
      String service, String decisionId, String approver, String comment, boolean approve) {
    if (approver == null || approver.isBlank()) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID, "an approval needs the approver's name");
    }
    ServiceStatus status = status(service);
    PendingApproval pending = status.pendingApproval();
    if (pending == null) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.NOT_FOUND,
          status.paused()
              ? service
                  + " is paused: nothing waits for approval (a pause withdraws it); resume it and"
                  + " the first evaluation decides again"
              : service
                  + " has no operation waiting for approval (decision "
                  + decisionId
                  + " is unknown, decided, expired or withdrawn by a pause)");
    }
    if (!pending.decisionId().equals(decisionId)) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.NOT_FOUND,
          "unknown decision id "
              + decisionId
              + " for "
              + service
              + " (waiting: "
              + pending.decisionId()
              + ")");
    }
    if (!pending.approvers().contains(approver)) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.FORBIDDEN,
          approver
              + " is not an approver of "
              + service
              + " (approvers: "
              + String.join(", ", pending.approvers())
              + ")");
    }
    ApprovalSignal signal = new ApprovalSignal(decisionId, approver, comment);
    call(
        () -> {
          if (approve) {
            service(service).approve(signal);
          } else {
            service(service).reject(signal);
          }
          return null;
        },
        ServiceWorkflow.workflowId(service));
    return pending;
  }

  /**
   * What a pause found: whether the service was paused already, the approval it withdrew and the
   * operation that still finishes (either null), as the status read just before it showed them.
   */
  public record PauseResult(
      boolean alreadyPaused,
      PendingApproval withdrawnApproval,
      ServiceStatus.OperationInFlight runningOperation) {}

  public PauseResult pause(String service) {
    ServiceStatus before = status(service);
    signal(service, wf -> wf.pause());
    return new PauseResult(before.paused(), before.pendingApproval(), before.operation());
  }

  public void resume(String service) {
    signal(service, ServiceWorkflow::resume);
  }

  public void evaluate(String service) {
    signal(service, ServiceWorkflow::evaluateNow);
  }

  /**
   * A manual request, answered at once with its decision: going ahead, waiting for approval (by
   * whom), or refused.
   */
  public ScaleAnswer scale(String service, int replicas, String requestedBy, String reason) {
    if (replicas < 0) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID, "replicas must be 0 or more");
    }
    Blueprint bp = blueprint(service);
    int min = bp.spec().scaling().minReplicas();
    int max = bp.spec().scaling().maxReplicas();
    if (replicas < min || replicas > max) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID,
          replicas
              + " replicas is outside "
              + service
              + "'s bounds ["
              + min
              + ", "
              + max
              + "] ("
              + bp.ref("spec.scaling")
              + "); governance would deny it");
    }
    return call(
        () -> service(service).requestScale(new ScaleCommand(replicas, requestedBy, reason)),
        ServiceWorkflow.workflowId(service));
  }

  /** Collects the service's incident evidence now and returns the report (docs/evidence.md). */
  public EvidenceReport collectEvidence(String service, String requestedBy, String reason) {
    return call(
        () -> service(service).collectEvidence(new EvidenceAsk(reason, requestedBy)),
        ServiceWorkflow.workflowId(service));
  }

  /** Validates the YAML here (so errors come back at once), then signals it to the service. */
  public Blueprint applyBlueprint(String source, String yaml) {
    return applyBlueprint(null, source, yaml);
  }

  /**
   * As above, refused (and nothing sent) unless the blueprint is {@code service}'s, when one is
   * given.
   */
  public Blueprint applyBlueprint(String service, String source, String yaml) {
    Blueprint bp;
    try {
      bp = BlueprintParser.parse(source, yaml);
    } catch (BlueprintException e) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID,
          "invalid blueprint " + source,
          e.errors().stream().map(ValidationError::toString).toList());
    }
    if (service != null && !bp.name().equals(service)) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID,
          "the blueprint's metadata.name is " + bp.name() + ", not " + service);
    }
    signal(bp.name(), wf -> wf.updateBlueprint(new BlueprintUpdate(source, yaml)));
    return bp;
  }

  public WorkflowClient temporal() {
    return client;
  }

  // ---- plumbing ----

  private interface Signal {
    void send(ServiceWorkflow wf);
  }

  private void signal(String service, Signal signal) {
    call(
        () -> {
          signal.send(service(service));
          return null;
        },
        ServiceWorkflow.workflowId(service));
  }

  private ServiceWorkflow service(String name) {
    return client.newWorkflowStub(ServiceWorkflow.class, ServiceWorkflow.workflowId(name));
  }

  private FleetWorkflow fleet(String fleet) {
    return client.newWorkflowStub(FleetWorkflow.class, FleetWorkflow.workflowId(fleet));
  }

  private <T> T call(Supplier<T> body) {
    return call(body, null);
  }

  private <T> T call(Supplier<T> body, String workflowId) {
    try {
      return body.get();
    } catch (SpecopsClientException | WorkflowExecutionAlreadyStarted e) {
      throw e;
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof WorkflowNotFoundException) {
          throw notFound(workflowId);
        }
        if (t instanceof StatusRuntimeException s) {
          throw translate(s, workflowId);
        }
      }
      throw e;
    }
  }

  private SpecopsClientException translate(StatusRuntimeException e, String workflowId) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.NOT_FOUND && workflowId != null) {
      return notFound(workflowId);
    }
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
      return new SpecopsClientException(
          SpecopsClientException.Kind.UNAVAILABLE,
          "cannot reach Temporal at "
              + target
              + ": is the worker (./specops worker) or the Temporal server running?");
    }
    return new SpecopsClientException(
        SpecopsClientException.Kind.INVALID,
        e.getStatus().getDescription() == null ? code.toString() : e.getStatus().getDescription());
  }

  private static SpecopsClientException notFound(String workflowId) {
    String hint =
        workflowId != null && workflowId.startsWith("specops-fleet-")
            ? "is the fleet started? (specops fleet start)"
            : "is the fleet started, and is the service in it?";
    return new SpecopsClientException(
        SpecopsClientException.Kind.NOT_FOUND, "no workflow " + workflowId + ": " + hint);
  }

  /** A protobuf time (a history event's, a heartbeat's) as an Instant. */
  public static Instant instant(com.google.protobuf.Timestamp at) {
    return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
  }
}
