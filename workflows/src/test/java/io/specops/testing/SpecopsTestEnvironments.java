package io.specops.testing;

import io.specops.json.SpecopsDataConverter;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/** Temporal test environments with the production data converter (snake_case payloads). */
public final class SpecopsTestEnvironments {
  private SpecopsTestEnvironments() {}

  /** Options with the production data converter, for a test to add to. */
  public static TestEnvironmentOptions.Builder options() {
    return TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(
            WorkflowClientOptions.newBuilder()
                .setDataConverter(SpecopsDataConverter.get())
                .build());
  }

  /** A time-skipping environment; the caller starts and closes it. */
  public static TestWorkflowEnvironment timeSkipping() {
    return TestWorkflowEnvironment.newInstance(options().build());
  }

  /**
   * Replays {@code history} on the current code of {@code workflowTypes}. The first replay of a run
   * loads the workflow classes on the workflow thread; on a loaded 2-core machine that has taken
   * over the SDK's 1 s deadlock detection and failed a replay that was deterministic, so the replay
   * worker allows 10 s (what a replay checks is the commands, not the thread's speed).
   */
  public static void replay(WorkflowExecutionHistory history, Class<?>... workflowTypes)
      throws Exception {
    TestWorkflowEnvironment env = timeSkipping();
    try {
      String taskQueue =
          history
              .getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getTaskQueue()
              .getName();
      Worker worker =
          env.newWorker(
              taskQueue,
              WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(REPLAY_DEADLOCK_TIMEOUT.toMillis())
                  .build());
      worker.registerWorkflowImplementationTypes(workflowTypes);
      WorkflowReplayer.replayWorkflowExecution(history, worker);
    } finally {
      env.close();
    }
  }

  private static final Duration REPLAY_DEADLOCK_TIMEOUT = Duration.ofSeconds(10);
}
