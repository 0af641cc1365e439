package io.specops.testing;

import io.specops.json.SpecopsDataConverter;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;

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

  /** Replays {@code history} on the current code of {@code workflowTypes}. */
  public static void replay(WorkflowExecutionHistory history, Class<?>... workflowTypes)
      throws Exception {
    TestWorkflowEnvironment env = timeSkipping();
    try {
      WorkflowReplayer.replayWorkflowExecution(
          history,
          env,
          workflowTypes[0],
          java.util.Arrays.copyOfRange(workflowTypes, 1, workflowTypes.length));
    } finally {
      env.close();
    }
  }
}
