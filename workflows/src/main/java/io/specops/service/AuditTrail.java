package io.specops.service;

import io.specops.audit.AuditActivities;
import io.specops.audit.AuditEntry;
import io.specops.audit.WorkflowRecordIds;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Workflow-side buffer of audit records. Signal handlers and workflow steps add to it; the main
 * loop flushes it through the audit activity (workflow code never writes files).
 */
final class AuditTrail {
  private static final Logger log = Workflow.getLogger(AuditTrail.class);
  private static final int MAX_BUFFERED = 500;

  private final AuditActivities audit =
      Workflow.newActivityStub(
          AuditActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofSeconds(30))
                      .setMaximumAttempts(10)
                      .build())
              .build());
  private final List<AuditEntry> pending = new ArrayList<>();
  private final String namespace;
  private boolean added;
  private long sequence;

  AuditTrail() {
    this(null);
  }

  /**
   * {@code namespace}: the service's, so sinks can tell Kubernetes which Deployment a record is
   * about.
   */
  AuditTrail(String namespace) {
    this.namespace = namespace;
  }

  void add(String recordType, String service, Object body) {
    if (pending.size() >= MAX_BUFFERED) {
      pending.remove(0);
    }
    pending.add(
        new AuditEntry(
            recordType,
            Instant.ofEpochMilli(Workflow.currentTimeMillis()),
            service,
            body,
            nextId(),
            namespace));
    added = true;
  }

  /**
   * A record's stable id: workflow id, run id and the record's place in the run. Derived in
   * workflow code, so a retried write or a replay produces the same id and sinks can drop repeats.
   */
  private String nextId() {
    sequence++;
    return WorkflowRecordIds.inThisRun(sequence);
  }

  /**
   * True when records arrived since the last flush attempt (a failed flush does not wake the loop
   * again).
   */
  boolean hasNew() {
    return added;
  }

  /**
   * Hands the pending records to an activity that writes them itself (they ride on it: no flush of
   * their own).
   */
  List<AuditEntry> drain() {
    added = false;
    List<AuditEntry> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** Gives back records an activity could not take (it failed), ahead of newer ones. */
  void restore(List<AuditEntry> records) {
    pending.addAll(0, records);
    added = added || !records.isEmpty();
  }

  void flush() {
    added = false;
    if (pending.isEmpty()) {
      return;
    }
    List<AuditEntry> batch = List.copyOf(pending);
    pending.clear();
    try {
      audit.record(batch);
    } catch (ActivityFailure e) {
      // Keep them for the next flush rather than lose them; the buffer is bounded.
      log.warn("audit records not written yet: {}", e.getMessage());
      pending.addAll(0, batch);
    }
  }
}
