package io.specops.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Appends records to the audit log (logs/agent-decisions/YYYY-MM-DD/multi-service.log). */
@ActivityInterface
public interface AuditActivities {
  @ActivityMethod(name = "RecordAudit")
  void record(List<AuditEntry> entries);
}
