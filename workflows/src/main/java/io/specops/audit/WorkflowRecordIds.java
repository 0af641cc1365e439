package io.specops.audit;

import io.temporal.workflow.Workflow;

/**
 * A workflow's audit record ids: workflow id, run id and the record's place in the run. Derived in
 * workflow code, so a retried write or a replay produces the same id and sinks can drop repeats.
 * One format for the services' and the coordinator's records.
 */
public final class WorkflowRecordIds {
  private WorkflowRecordIds() {}

  /** The id of the {@code sequence}-th record of the current run (call from workflow code). */
  public static String inThisRun(long sequence) {
    return Workflow.getInfo().getWorkflowId()
        + "/"
        + Workflow.getInfo().getRunId()
        + "/"
        + sequence;
  }
}
