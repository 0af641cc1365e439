package io.specops.watch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A shard's watcher, id {@code specops-watch-<fleet>-<shard>}: keeps one watch activity running for
 * its services, restarts it with the new roster when a service is added, removed, updated, paused
 * or resumed, and hands the progress from one lease to the next.
 */
@WorkflowInterface
public interface WatchWorkflow {

  static String workflowId(String fleet, int shard) {
    return "specops-watch-" + fleet + "-" + shard;
  }

  @WorkflowMethod(name = "WatchWorkflow")
  void run(WatchInput input);

  @SignalMethod(name = "roster")
  void roster(RosterChange change);

  /** Stop watching and end (the coordinator sends it on fleet stop). */
  @SignalMethod(name = "stop")
  void stop();

  @QueryMethod(name = "services")
  List<WatchedService> services();
}
