package io.specops.coordination;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The coordinator's audit buffer: fleet, conflict and independence records, each with a stable id
 * derived in workflow code, written by one audit activity per turn of the coordinator's loop.
 */
final class FleetRecords {
  private static final Logger log = Workflow.getLogger(FleetRecords.class);

  private final AuditActivities audit =
      Workflow.newActivityStub(
          AuditActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumAttempts(10)
                      .build())
              .build());
  private final String fleet;
  private final List<AuditEntry> records = new ArrayList<>();
  private long sequence;

  FleetRecords(String fleet) {
    this.fleet = fleet;
  }

  /**
   * A record of {@code type}: "conflict..." and "independence" keep their type, the rest "fleet".
   */
  void add(String type, Map<String, Object> body) {
    Map<String, Object> withFleet = new LinkedHashMap<>();
    withFleet.put("fleet", fleet);
    withFleet.put("event", type);
    withFleet.putAll(body);
    sequence++;
    String id = WorkflowRecordIds.inThisRun(sequence);
    records.add(
        new AuditEntry(
            type.startsWith("conflict") || type.equals("independence") ? type : "fleet",
            Instant.ofEpochMilli(Workflow.currentTimeMillis()),
            body.containsKey("service") ? (String) body.get("service") : "fleet/" + fleet,
            withFleet,
            id,
            null));
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  /** Writes what is buffered; a batch the activity could not write after its retries is logged. */
  void flush() {
    if (records.isEmpty()) {
      return;
    }
    List<AuditEntry> batch = List.copyOf(records);
    records.clear();
    try {
      audit.record(batch);
    } catch (ActivityFailure e) {
      log.warn("fleet audit records lost: {}", e.getMessage());
    }
  }
}
