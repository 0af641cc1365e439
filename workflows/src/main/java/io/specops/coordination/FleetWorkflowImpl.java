package io.specops.coordination;

import io.specops.blueprint.Blueprint;
import io.specops.kubernetes.QuotaShare;
import io.specops.kubernetes.WorkloadRef;
import io.specops.service.BlueprintUpdate;
import io.specops.service.ServiceInput;
import io.specops.service.ServiceWorkflow;
import io.specops.watch.RosterChange;
import io.specops.watch.WatchInput;
import io.specops.watch.WatchWorkflow;
import io.specops.watch.WatchedService;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * See {@link FleetWorkflow}. Deterministic: the ledger is workflow state; the cluster is read by an
 * activity.
 */
public class FleetWorkflowImpl implements FleetWorkflow {
  private static final Logger log = Workflow.getLogger(FleetWorkflowImpl.class);

  private static final ActivityOptions ACTIVITY_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  private static final Duration WINDOWED_READ_MARGIN = Duration.ofSeconds(10);

  /** How an operation that rolled back, or tried to, ends (the service's wire names). */
  private static final Set<String> ROLLED_BACK = Set.of("rolled_back", "rollback_failed");

  private final FleetActivities activities =
      Workflow.newActivityStub(FleetActivities.class, ACTIVITY_OPTIONS);

  private final String fleet;
  private final String blueprintsDir;
  private FleetSettings settings;
  private final FleetRoster services = new FleetRoster();
  private final List<Reservation> reservations = new ArrayList<>();
  private final List<CapacityRequest> pending = new ArrayList<>();
  private final Map<String, Instant> deferredUntil = new LinkedHashMap<>();
  private final List<ConflictSummary> recentConflicts = new ArrayList<>();
  private final FleetRecords trail;
  private List<String> blueprintErrors = List.of();

  /**
   * Shard watchers evaluate idle services (docs/scaling.md "Watchers"); 0: each service on its own
   * timer.
   */
  private int watchShards;

  private Promise<Void> reloadTimer;
  private final Set<Integer> watchersStarted = new TreeSet<>();

  /**
   * The fleet file's budgets of shared resources (docs/coordination.md); none: only CPU and memory
   * count.
   */
  private Map<String, Double> budgets = Map.of();

  private ClusterCapacity lastCapacity;
  private Instant lastReloadAt;
  private long rounds;

  /** Whether this run holds a scale-down's freed room (version scale-down-room-held). */
  private boolean roomToUndoHeld;

  private int runs;
  private boolean newRequests;
  private boolean slotFreed;
  private boolean reloadRequested;
  private boolean stopRequested;

  /**
   * Operators' per-service stop and start requests, in arrival order: "stop:NAME" or "start:NAME".
   */
  private final List<String> serviceCommands = new ArrayList<>();

  /**
   * The carried state is restored here, not in {@link #run}: a capacity request buffered across
   * continue-as-new is handled before the workflow method starts and must find its service.
   */
  @WorkflowInit
  public FleetWorkflowImpl(FleetInput input) {
    fleet = input.fleet() == null || input.fleet().isBlank() ? "default" : input.fleet();
    trail = new FleetRecords(fleet);
    blueprintsDir = input.blueprintsDir();
    if (input.state() != null) {
      restore(input.state());
    }
  }

  @Override
  public void run(FleetInput input) {
    settings =
        (input.settings() != null ? input.settings() : workerSettings()).with(input.overrides());
    if (input.state() == null) {
      runs = 1;
      budgets = input.sharedBudgets();
      List<LoadedBlueprint> initial = input.blueprints() != null ? input.blueprints() : load();
      if (initial == null) {
        trail.flush();
        return;
      }
      // version 1: shard watchers (asked only by fleets whose settings turn them on)
      if (settings.watch() != null
          && Workflow.getVersion("watchers", Workflow.DEFAULT_VERSION, 1) == 1) {
        watchShards =
            Math.max(
                1,
                (initial.size() + settings.watch().shardSize() - 1) / settings.watch().shardSize());
      }
      for (LoadedBlueprint lb : initial) {
        startService(lb);
      }
      startWatchers();
      readCapacity(); // so the dashboard shows the cluster before the first request
      trail.add(
          "fleet_started",
          Map.of(
              "fleet",
              fleet,
              "services",
              List.copyOf(services.names()),
              "blueprints_dir",
              blueprintsDir == null ? "" : blueprintsDir,
              "errors",
              blueprintErrors));
    }

    while (true) {
      trail.flush();
      describe();
      if (stopRequested) {
        stopServices();
        trail.flush();
        return;
      }
      // continue-as-new with nothing unrecorded: snapshot() carries pending requests, not audit
      // records
      if (trail.isEmpty()
          && (Workflow.getInfo().getHistoryLength() > settings.maxHistoryEvents()
              || Workflow.getInfo().isContinueAsNewSuggested())) {
        Workflow.continueAsNew(
            new FleetInput(fleet, blueprintsDir, null, settings, snapshot(), null));
        return;
      }
      Duration untilReload = untilReload();
      if (watchShards > 0) {
        // one reload timer per reload interval, not one per wake-up (every timer is a billed
        // action)
        if (reloadTimer == null || reloadTimer.isCompleted()) {
          reloadTimer = Workflow.newTimer(untilReload);
        }
        Workflow.await(
            () ->
                reloadTimer.isCompleted()
                    || newRequests
                    || slotFreed && !pending.isEmpty()
                    || rollbackUncounted()
                    || reloadRequested
                    || stopRequested
                    || !trail.isEmpty()
                    || !serviceCommands.isEmpty());
      } else {
        Workflow.await(
            untilReload,
            () ->
                newRequests
                    || slotFreed && !pending.isEmpty()
                    || rollbackUncounted()
                    || reloadRequested
                    || stopRequested
                    || !trail.isEmpty()
                    || !serviceCommands.isEmpty());
      }
      if (stopRequested) {
        continue;
      }
      runServiceCommands();
      if (reloadRequested || !settings.reloadInterval().isZero() && !untilReload().isPositive()) {
        reloadRequested = false;
        reloadServices();
      }
      if (newRequests || slotFreed && !pending.isEmpty()) {
        // requests that arrive close together are resolved together; version 1: the capacity
        // read waits out the window itself (one billed action instead of a timer and a read)
        ClusterCapacity capacity = null;
        if (Workflow.getVersion("capacity-read-ends-window", Workflow.DEFAULT_VERSION, 1) == 1) {
          capacity = readCapacityAfterWindow();
        } else {
          Workflow.sleep(settings.batchWindow());
        }
        newRequests = false;
        slotFreed = false;
        resolveRound(capacity);
      } else if (rollbackUncounted()) {
        // no round to read for it: a reading of its own releases the rollback's room (after the
        // batch window, so that a reading that fails is not retried at once)
        readCapacityAfterWindow();
      }
    }
  }

  /** Whether a rolled-back scale-down's room waits for a reading that counts its rollback. */
  private boolean rollbackUncounted() {
    return reservations.stream().anyMatch(Reservation::finished);
  }

  /** The line the Temporal Web UI shows for the coordinator. */
  private void describe() {
    long running = services.running().size();
    StringBuilder d =
        new StringBuilder(
            running
                + " services, "
                + reservations.stream().filter(r -> !r.finished()).count()
                + " operations in flight");
    if (!pending.isEmpty()) {
      d.append(", ").append(pending.size()).append(" waiting");
    }
    deferredUntil.forEach(
        (name, until) -> d.append(", ").append(name).append(" deferred until ").append(until));
    Workflow.setCurrentDetails(d.toString());
  }

  /** Resolves the waiting requests against {@code read}, or a fresh reading when it is null. */
  private void resolveRound(ClusterCapacity read) {
    if (pending.isEmpty()) {
      return;
    }
    rounds++;
    ClusterCapacity capacity = read != null ? read : readCapacity();
    String roundId = "conf-" + stamp() + "-" + String.format("%03d", rounds % 1000);
    List<CapacityRequest> batch = List.copyOf(pending);
    pending.clear();
    if (!holdUntilRead()) {
      reservations.replaceAll(r -> r.written() ? r.asExecuted() : r);
    }
    // version 1: a scale-down's freed room is not granted away until it has finished; its
    // rollback scales back up without asking
    roomToUndoHeld = Workflow.getVersion("scale-down-room-held", Workflow.DEFAULT_VERSION, 1) == 1;
    ConflictResolver.Resolution resolution =
        ConflictResolver.resolve(
            batch,
            capacity,
            counted(),
            services.view(),
            settings,
            now(),
            roundId,
            withQuotaRoom(sharedLedger(), batch));
    reservations.addAll(resolution.grants());
    pending.addAll(resolution.held());
    if (resolution.conflictRecord() != null) {
      trail.add("conflict", resolution.conflictRecord());
    }
    for (Map<String, Object> wait : resolution.waitRecords()) {
      trail.add("conflict", wait);
    }
    if (batch.size() > 1 || resolution.conflictRecord() != null) {
      trail.add("independence", resolution.independenceRecord());
    }
    if (resolution.summary() != null) {
      recentConflicts.add(resolution.summary());
      while (recentConflicts.size() > 20) {
        recentConflicts.remove(0);
      }
    }
    for (ConflictResolver.Answer answer : resolution.answers()) {
      CapacityDecision d = answer.decision();
      if (!d.granted()) {
        deferredUntil.put(answer.request().service(), d.deferUntil());
      } else {
        deferredUntil.remove(answer.request().service());
      }
      try {
        Workflow.newExternalWorkflowStub(ServiceWorkflow.class, answer.request().workflowId())
            .capacityDecision(d);
      } catch (RuntimeException e) {
        // the service is gone (stopped, failed): release what was granted to it
        log.warn("could not answer {}: {}", answer.request().workflowId(), e.getMessage());
        reservations.removeIf(
            r ->
                r.decisionId().equals(d.decisionId())
                    && r.service().equals(answer.request().service()));
      }
    }
  }

  /**
   * What the services' current replicas use of each budgeted shared resource. Read only when the
   * fleet has budgets, so fleets without a fleet file (and their recorded histories) do as before.
   */
  private ConflictResolver.SharedLedger sharedLedger() {
    if (budgets.isEmpty()) {
      return ConflictResolver.SharedLedger.none();
    }
    Map<String, WorkloadRef> users = new TreeMap<>();
    for (FleetService s : services.running()) {
      if (!s.blueprint().spec().resources().shared().isEmpty()) {
        users.put(s.name(), WorkloadRef.of(s.blueprint()));
      }
    }
    Map<String, Double> used = new TreeMap<>();
    Map<String, Integer> replicas;
    try {
      replicas = users.isEmpty() ? Map.of() : activities.readReplicas(users);
    } catch (ActivityFailure e) {
      // without a reading nothing can be proven to fit: count every budget as used up
      log.warn("replicas could not be read for the shared-resource ledger: {}", e.getMessage());
      return new ConflictResolver.SharedLedger(budgets, budgets);
    }
    for (Map.Entry<String, Integer> r : replicas.entrySet()) {
      services
          .get(r.getKey())
          .blueprint()
          .spec()
          .resources()
          .shared()
          .forEach((name, perReplica) -> used.merge(name, perReplica * r.getValue(), Double::sum));
    }
    return new ConflictResolver.SharedLedger(budgets, used);
  }

  /**
   * The ledger with the room left in the ResourceQuotas of the namespaces the round's scale-ups
   * take from, read after the round's capacity reading: services of one namespace draw on the same
   * quota, and each read it alone (docs/coordination.md, "Namespace quotas"). Read only when a
   * request takes a quota share, so rounds without one (and histories recorded before) do as
   * before; a scale-down's share, held for its rollback, counts in rounds that read the room; a
   * reading that fails leaves the quotas out, as a service's own evaluation does.
   */
  private ConflictResolver.SharedLedger withQuotaRoom(
      ConflictResolver.SharedLedger ledger, List<CapacityRequest> batch) {
    Set<String> namespaces = new TreeSet<>();
    for (CapacityRequest r : batch) {
      // a scale-down's share (negative) only gives room back: nothing to check it against
      r.shared().entrySet().stream()
          .filter(e -> QuotaShare.isKey(e.getKey()) && e.getValue() > 0)
          .map(e -> QuotaShare.namespaceOf(e.getKey()))
          .forEach(namespaces::add);
    }
    if (namespaces.isEmpty()) {
      return ledger;
    }
    Map<String, Double> room;
    try {
      room = activities.readQuotaRoom(List.copyOf(namespaces));
    } catch (ActivityFailure e) {
      log.warn("ResourceQuotas of {} unreadable, not pooled: {}", namespaces, e.getMessage());
      return ledger;
    }
    Map<String, Double> budgets = new TreeMap<>(ledger.budgets());
    budgets.putAll(room);
    return new ConflictResolver.SharedLedger(budgets, ledger.used());
  }

  private FleetSettings workerSettings() {
    try {
      return activities.workerSettings();
    } catch (ActivityFailure e) {
      log.warn("worker settings not available, using the defaults: {}", e.getMessage());
      return FleetSettings.defaults();
    }
  }

  private ClusterCapacity readCapacity() {
    return readCapacity(activities::readCapacity);
  }

  /** The reservations as the ledger counts them. */
  private List<Reservation> counted() {
    return roomToUndoHeld
        ? reservations.stream().map(Reservation::withRoomToUndo).toList()
        : reservations;
  }

  private static boolean holdUntilRead() {
    return Workflow.getVersion("executed-held-until-read", Workflow.DEFAULT_VERSION, 1) == 1;
  }

  private ClusterCapacity readCapacityAfterWindow() {
    Duration window = settings.batchWindow();
    // no heartbeat (each would be billed): a worker that dies inside the window is noticed when
    // this timeout passes, so it is the window plus a read's time, not the default 30 s; the
    // retry reads at once
    FleetActivities windowed =
        Workflow.newActivityStub(
            FleetActivities.class,
            ACTIVITY_OPTIONS.toBuilder()
                .setStartToCloseTimeout(window.plus(WINDOWED_READ_MARGIN))
                .build());
    return readCapacity(() -> windowed.readCapacityAfterWindow(window.toMillis()));
  }

  private ClusterCapacity readCapacity(Supplier<ClusterCapacity> reader) {
    // version 1: a written grant is released only by a reading that starts after its write; one
    // already under way may not see the new pods, and the grant was then counted by neither
    Set<Reservation> seen =
        holdUntilRead()
            ? reservations.stream()
                .filter(r -> r.written() && !r.executed())
                .collect(Collectors.toSet())
            : Set.of();
    try {
      ClusterCapacity read = reader.get();
      reservations.replaceAll(r -> seen.contains(r) ? r.asExecuted() : r);
      reservations.removeIf(r -> r.finished() && r.executed());
      if (settings.capacityCpuMillis() != null || settings.capacityMemoryBytes() != null) {
        read =
            new ClusterCapacity(
                settings.capacityCpuMillis() != null
                    ? settings.capacityCpuMillis()
                    : read.cpuAllocatableMillis(),
                read.cpuRequestedMillis(),
                settings.capacityMemoryBytes() != null
                    ? settings.capacityMemoryBytes()
                    : read.memoryAllocatableBytes(),
                read.memoryRequestedBytes(),
                "configured totals, pod requests from the cluster");
      }
      lastCapacity = read;
    } catch (ActivityFailure e) {
      log.warn("cluster capacity could not be read; using the last reading: {}", e.getMessage());
      if (lastCapacity == null) {
        // without any reading nothing can be proven to fit: grant nothing that grows
        lastCapacity = new ClusterCapacity(0, 0, 0, 0, "unknown (the capacity read failed)");
      }
    }
    return lastCapacity;
  }

  // ---- services ----

  private List<LoadedBlueprint> load() {
    if (blueprintsDir == null) {
      lastReloadAt = now();
      return List.copyOf(
          services.all().stream().map(s -> new LoadedBlueprint(s.blueprint(), s.yaml())).toList());
    }
    try {
      BlueprintSet set = activities.loadBlueprints(blueprintsDir);
      blueprintErrors = set.errors();
      budgets = set.sharedBudgets();
      lastReloadAt = now();
      if (!set.errors().isEmpty()) {
        trail.add("blueprints_refused", Map.of("directory", blueprintsDir, "errors", set.errors()));
      }
      return set.blueprints();
    } catch (ActivityFailure e) {
      trail.add(
          "blueprints_refused",
          Map.of("directory", blueprintsDir, "errors", List.of(rootMessage(e))));
      lastReloadAt = now();
      return null;
    }
  }

  /**
   * Notices service workflows that ended without the coordinator stopping them (terminated,
   * failed).
   */
  private void checkServices() {
    List<String> running = services.running().stream().map(FleetService::workflowId).toList();
    if (running.isEmpty()) {
      return;
    }
    Map<String, String> closed;
    try {
      closed = activities.closedWorkflows(running);
    } catch (ActivityFailure e) {
      return;
    }
    for (FleetService s : services.all()) {
      String how = closed.get(s.workflowId());
      if (how != null && FleetRoster.running(s)) {
        markEnded(
            s.name(),
            s.workflowId(),
            how.equals("completed") ? "completed" : "failed",
            "the service workflow ended: " + how);
      }
    }
  }

  private void markEnded(String name, String id, String state, String reason) {
    FleetService s = services.get(name);
    if (s == null || !s.workflowId().equals(id) || !FleetRoster.running(s)) {
      return;
    }
    services.setState(name, state);
    // a failing service does not stop the fleet: record it and release what it held
    if (reservations.removeIf(r -> r.service().equals(name))) {
      slotFreed = true;
    }
    pending.removeIf(r -> r.service().equals(name));
    trail.add(
        "failed".equals(state) ? "service_failed" : "service_ended",
        Map.of("service", name, "workflow_id", id, "reason", reason));
  }

  private void reloadServices() {
    checkServices();
    List<LoadedBlueprint> loaded = load();
    if (loaded == null) {
      return;
    }
    Map<String, LoadedBlueprint> byName = new LinkedHashMap<>();
    loaded.forEach(lb -> byName.put(lb.blueprint().name(), lb));
    for (LoadedBlueprint lb : loaded) {
      FleetService existing = services.get(lb.blueprint().name());
      if (existing != null && FleetRoster.HELD.equals(existing.state())) {
        // held by an operator: keep the newest blueprint for when it is started again
        services.update(existing, lb.blueprint(), lb.yaml(), FleetRoster.HELD);
      } else if (existing == null || !FleetRoster.running(existing)) {
        startService(lb);
      } else if (!existing.blueprint().equals(lb.blueprint())) {
        Workflow.newExternalWorkflowStub(ServiceWorkflow.class, existing.workflowId())
            .updateBlueprint(new BlueprintUpdate(lb.blueprint().source(), lb.yaml()));
        services.update(existing, lb.blueprint(), lb.yaml(), FleetRoster.RUNNING);
        trail.add(
            "service_updated",
            Map.of("service", existing.name(), "source", lb.blueprint().source()));
      }
    }
    for (FleetService s : services.all()) {
      if (!byName.containsKey(s.name()) && FleetRoster.running(s)) {
        stopService(s, "its blueprint was removed from " + blueprintsDir);
      }
    }
  }

  private void startService(LoadedBlueprint lb) {
    Blueprint bp = lb.blueprint();
    String id = ServiceWorkflow.workflowId(bp.name());
    // ABANDON: service workflows outlive this run when the coordinator continues as new
    ServiceWorkflow child =
        Workflow.newChildWorkflowStub(
            ServiceWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setStaticSummary(
                    bp.name()
                        + " ("
                        + bp.metadata().criticality().wire()
                        + ", priority "
                        + bp.metadata().priority().wire()
                        + ") from "
                        + bp.source())
                .setStaticDetails(ServiceCard.of(bp))
                .build());
    Promise<Void> result =
        Async.procedure(
            child::run,
            new ServiceInput(
                bp,
                Workflow.getInfo().getWorkflowId(),
                settings.service(),
                null,
                watcherOf(bp.name())));
    try {
      Workflow.getWorkflowExecution(child).get();
      services.run(bp, id, lb.yaml());
      trail.add(
          "service_started",
          Map.of("service", bp.name(), "workflow_id", id, "source", bp.source()));
      watch(RosterChange.Kind.ADD, bp, id);
    } catch (ChildWorkflowFailure e) {
      // already running (a previous fleet run started it): adopt it
      services.run(bp, id, lb.yaml());
      trail.add(
          "service_adopted",
          Map.of("service", bp.name(), "workflow_id", id, "reason", rootMessage(e)));
      return;
    }
    // the server reports the child's end to this run (a later run finds out in checkServices)
    result.handle(
        (ok, failure) -> {
          markEnded(
              bp.name(),
              id,
              failure == null ? "completed" : "failed",
              failure == null ? "the service workflow completed" : rootMessage(failure));
          return null;
        });
  }

  /** The watcher of a service, by a stable hash of its name; null without watchers. */
  private String watcherOf(String service) {
    return watchShards == 0
        ? null
        : WatchWorkflow.workflowId(fleet, Math.floorMod(service.hashCode(), watchShards));
  }

  /**
   * Starts each shard's watcher with its services (at the fleet's start; later services are added
   * by signal).
   */
  private void startWatchers() {
    if (watchShards == 0) {
      return;
    }
    Map<Integer, List<WatchedService>> byShard = new TreeMap<>();
    for (int shard = 0; shard < watchShards; shard++) {
      byShard.put(shard, new ArrayList<>());
    }
    for (FleetService s : services.running()) {
      byShard
          .get(Math.floorMod(s.name().hashCode(), watchShards))
          .add(new WatchedService(s.name(), s.workflowId(), s.blueprint(), false));
    }
    byShard.forEach(this::startWatcher);
  }

  private void startWatcher(int shard, List<WatchedService> roster) {
    String id = WatchWorkflow.workflowId(fleet, shard);
    WatchWorkflow child =
        Workflow.newChildWorkflowStub(
            WatchWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setStaticSummary(
                    "watcher " + shard + " of fleet " + fleet + ": " + roster.size() + " services")
                .build());
    Async.procedure(child::run, new WatchInput(fleet, shard, roster, settings.watch(), 0, null));
    try {
      Workflow.getWorkflowExecution(child).get();
    } catch (ChildWorkflowFailure e) {
      // already running (a previous fleet run started it): it keeps its roster
      log.info("watcher {} already running: {}", id, e.getMessage());
    }
    watchersStarted.add(shard);
  }

  /** Tells a service's watcher (once watchers run) that the service joined, changed or left. */
  private void watch(RosterChange.Kind kind, Blueprint bp, String workflowId) {
    if (watchShards == 0 || watchersStarted.isEmpty()) {
      return; // at the fleet's start the watchers begin with their rosters
    }
    int shard = Math.floorMod(bp.name().hashCode(), watchShards);
    if (!watchersStarted.contains(shard)) {
      startWatcher(shard, List.of(new WatchedService(bp.name(), workflowId, bp, false)));
      return;
    }
    Workflow.newExternalWorkflowStub(WatchWorkflow.class, WatchWorkflow.workflowId(fleet, shard))
        .roster(new RosterChange(kind, new WatchedService(bp.name(), workflowId, bp, false)));
  }

  private void stopService(FleetService s, String reason) {
    try {
      Workflow.newExternalWorkflowStub(ServiceWorkflow.class, s.workflowId()).stop();
    } catch (RuntimeException e) {
      log.warn("stop signal to {} not delivered: {}", s.workflowId(), e.getMessage());
    }
    services.setState(s.name(), FleetRoster.STOPPED);
    watch(RosterChange.Kind.REMOVE, s.blueprint(), s.workflowId());
    reservations.removeIf(r -> r.service().equals(s.name()));
    pending.removeIf(r -> r.service().equals(s.name()));
    trail.add(
        "service_stopped",
        Map.of("service", s.name(), "workflow_id", s.workflowId(), "reason", reason));
  }

  private void runServiceCommands() {
    while (!serviceCommands.isEmpty()) {
      String command = serviceCommands.remove(0);
      String name = command.substring(command.indexOf(':') + 1);
      FleetService s = services.get(name);
      if (s == null) {
        trail.add(
            "service_command_refused",
            Map.of("service", name, "reason", name + " is not a service of fleet " + fleet));
      } else if (command.startsWith("stop:")) {
        if (FleetRoster.running(s)) {
          stopService(s, "stopped by an operator; held until start_service");
        }
        services.setState(name, FleetRoster.HELD);
      } else if (!FleetRoster.running(s)) {
        startService(new LoadedBlueprint(s.blueprint(), s.yaml()));
      }
    }
  }

  private void stopServices() {
    for (FleetService s : services.running()) {
      stopService(s, "fleet stop");
    }
    for (int shard : watchersStarted) {
      try {
        Workflow.newExternalWorkflowStub(
                WatchWorkflow.class, WatchWorkflow.workflowId(fleet, shard))
            .stop();
      } catch (RuntimeException e) {
        log.warn("stop signal to watcher {} not delivered: {}", shard, e.getMessage());
      }
    }
    trail.add("fleet_stopped", Map.of("fleet", fleet));
  }

  // ---- signals and queries ----

  @Override
  public void requestCapacity(CapacityRequest request) {
    if (request == null
        || request.service() == null
        || request.decisionId() == null
        || request.workflowId() == null) {
      trail.add(
          "request_refused",
          Map.of(
              "reason",
              "malformed capacity request: service, workflow_id and decision_id are required"));
      return;
    }
    if (!services.contains(request.service())) {
      trail.add(
          "request_refused",
          Map.of(
              "service",
              request.service(),
              "reason",
              request.service() + " is not part of fleet " + fleet));
      return;
    }
    pending.removeIf(r -> r.service().equals(request.service()));
    pending.add(request);
    newRequests = true;
  }

  @Override
  public void operationEvent(OperationEvent event) {
    if (event == null || event.decisionId() == null) {
      return;
    }
    if ("executed".equals(event.phase())) {
      // released by the next capacity reading that starts after this (readCapacity), or at once
      // by the resolution of a run from before version executed-held-until-read
      reservations.replaceAll(r -> r.of(event.service(), event.decisionId()) ? r.asWritten() : r);
    } else {
      Reservation ended =
          reservations.stream()
              .filter(r -> r.of(event.service(), event.decisionId()))
              .findFirst()
              .orElse(null);
      if (ended == null) {
        return;
      }
      slotFreed = true;
      // version 1: a scale-down rolled back keeps its room until a reading taken after its
      // rollback, which wrote just before this event; before, a reading under way then granted
      // that room away (the crash drill: 2 scale-ups over a 3 000m cluster)
      if (ended.freesRoom()
          && ROLLED_BACK.contains(event.outcome())
          && holdUntilRead()
          && Workflow.getVersion("rollback-held-until-read", Workflow.DEFAULT_VERSION, 1) == 1) {
        reservations.replaceAll(r -> r == ended ? r.rolledBack() : r);
      } else {
        reservations.remove(ended);
      }
    }
  }

  @Override
  public void stopService(String service) {
    if (service != null && !service.isBlank()) {
      serviceCommands.add("stop:" + service);
    }
  }

  @Override
  public void startService(String service) {
    if (service != null && !service.isBlank()) {
      serviceCommands.add("start:" + service);
    }
  }

  @Override
  public void reload() {
    reloadRequested = true;
  }

  @Override
  public void stop() {
    stopRequested = true;
  }

  @Override
  public FleetStatus status() {
    FleetSettings current =
        settings != null
            ? settings
            : FleetSettings.defaults(); // queried before the first task ends
    List<FleetStatus.Entry> entries = new ArrayList<>();
    for (FleetService s : services.all()) {
      Blueprint bp = s.blueprint();
      entries.add(
          new FleetStatus.Entry(
              s.name(),
              s.workflowId(),
              bp.metadata().priority().wire(),
              bp.metadata().criticality().wire(),
              PriorityScore.of(bp.metadata().priority(), bp.metadata().criticality()),
              bp.spec().dependencies(),
              s.state(),
              bp.spec().resources().cpuRequestMillis(),
              bp.spec().resources().memoryRequestBytes()));
    }
    long cpu =
        counted().stream()
            .filter(r -> !r.executed())
            .mapToLong(r -> Math.max(0, r.cpuMillis()))
            .sum();
    long memory =
        counted().stream()
            .filter(r -> !r.executed())
            .mapToLong(r -> Math.max(0, r.memoryBytes()))
            .sum();
    return new FleetStatus(
        fleet,
        entries,
        lastCapacity,
        cpu,
        memory,
        List.copyOf(reservations),
        List.copyOf(pending),
        Map.copyOf(deferredUntil),
        List.copyOf(recentConflicts),
        blueprintErrors,
        current.maxInFlight(),
        current.deferDuration(),
        rounds);
  }

  // ---- helpers ----

  private Duration untilReload() {
    if (settings.reloadInterval().isZero()) {
      return Duration.ofDays(1);
    }
    if (lastReloadAt == null) {
      lastReloadAt = now();
    }
    Duration left = Duration.between(now(), lastReloadAt.plus(settings.reloadInterval()));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private FleetState snapshot() {
    return new FleetState(
        services.snapshot(),
        List.copyOf(reservations),
        List.copyOf(pending),
        new LinkedHashMap<>(deferredUntil),
        List.copyOf(recentConflicts),
        lastCapacity,
        lastReloadAt,
        blueprintErrors,
        rounds,
        runs + 1,
        budgets.isEmpty() ? null : budgets,
        watchShards == 0 ? null : watchShards);
  }

  private void restore(FleetState s) {
    services.restore(s.services());
    reservations.addAll(s.reservations());
    pending.addAll(s.pending());
    deferredUntil.putAll(new TreeMap<>(s.deferredUntil()));
    recentConflicts.addAll(s.recentConflicts());
    lastCapacity = s.lastCapacity();
    lastReloadAt = s.lastReloadAt();
    blueprintErrors = s.blueprintErrors() == null ? List.of() : s.blueprintErrors();
    rounds = s.rounds();
    runs = s.runs();
    budgets = s.sharedBudgets();
    watchShards = s.watchShards() == null ? 0 : s.watchShards();
    for (int shard = 0; shard < watchShards; shard++) {
      watchersStarted.add(shard); // a run that continued as new: its watchers run on
    }
    newRequests = !pending.isEmpty();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static String stamp() {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now());
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
