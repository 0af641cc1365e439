package io.specops.watch;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Keeps one watch activity running for the shard's services (docs/scaling.md "Watchers"). While
 * nothing changes, the history holds one activity per lease; a roster change cancels the running
 * activity (it hands back its progress) and starts the next with the new roster.
 */
public class WatchWorkflowImpl implements WatchWorkflow {
  private static final Logger log = Workflow.getLogger(WatchWorkflowImpl.class);

  private final String fleet;
  private final int shard;
  private final WatchSettings settings;
  private final Map<String, WatchedService> roster = new LinkedHashMap<>();
  private long leases;
  private WatchProgress progress;
  private boolean rosterChanged;
  private boolean stopRequested;

  @WorkflowInit
  public WatchWorkflowImpl(WatchInput input) {
    fleet = input.fleet();
    shard = input.shard();
    settings = input.settings() == null ? WatchSettings.defaults() : input.settings();
    for (WatchedService s :
        input.services() == null ? List.<WatchedService>of() : input.services()) {
      roster.put(s.name(), s);
    }
    leases = input.leases();
    progress = input.progress() == null ? WatchProgress.empty() : input.progress();
  }

  @Override
  public void run(WatchInput input) {
    WatchActivities watch =
        Workflow.newActivityStub(
            WatchActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(settings.lease().plus(Duration.ofMinutes(5)))
                .setHeartbeatTimeout(settings.heartbeatTimeout())
                // a cancelled watch hands its progress back before the next one starts: never two
                // at once
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .build())
                .setSummary("watch " + roster.size() + " services (shard " + shard + ")")
                .build());
    while (!stopRequested) {
      if (leases >= settings.leasesPerRun() && !rosterChanged) {
        Workflow.continueAsNew(
            new WatchInput(fleet, shard, List.copyOf(roster.values()), settings, 0, progress));
        return;
      }
      rosterChanged = false;
      Workflow.setCurrentDetails(
          "watching "
              + roster.size()
              + " services: "
              + String.join(", ", roster.keySet().stream().limit(20).toList())
              + (roster.size() > 20 ? ", ..." : ""));
      WatchRequest request =
          new WatchRequest(fleet, shard, List.copyOf(roster.values()), settings, progress);
      List<Promise<WatchProgress>> running = new ArrayList<>();
      CancellationScope scope =
          Workflow.newCancellationScope(() -> running.add(Async.function(watch::watch, request)));
      scope.run();
      Promise<WatchProgress> lease = running.get(0);
      Workflow.await(() -> lease.isCompleted() || rosterChanged || stopRequested);
      if (!lease.isCompleted()) {
        scope.cancel();
      }
      try {
        progress = lease.get();
      } catch (ActivityFailure | CanceledFailure e) {
        // cancelled before it could hand back its progress: the next lease evaluates every service
        // once more
        log.info("watch lease of shard {} ended without progress: {}", shard, e.getMessage());
      }
      leases++;
    }
  }

  @Override
  public void roster(RosterChange change) {
    if (change == null
        || change.kind() == null
        || change.service() == null
        || change.service().name() == null) {
      return;
    }
    String name = change.service().name();
    WatchedService current = roster.get(name);
    switch (change.kind()) {
      case ADD, UPDATE ->
          roster.put(
              name,
              current == null
                  ? change.service()
                  : change
                      .service()
                      .withPaused(
                          change.kind() == RosterChange.Kind.UPDATE
                              ? current.paused()
                              : change.service().paused()));
      case REMOVE -> roster.remove(name);
      case PAUSE -> {
        if (current != null) {
          roster.put(name, current.withPaused(true));
        }
      }
      case RESUME -> {
        if (current != null) {
          roster.put(name, current.withPaused(false));
        }
      }
    }
    rosterChanged = true;
  }

  @Override
  public void stop() {
    stopRequested = true;
  }

  @Override
  public List<WatchedService> services() {
    return List.copyOf(roster.values());
  }
}
