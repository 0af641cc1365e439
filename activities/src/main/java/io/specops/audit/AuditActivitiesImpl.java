package io.specops.audit;

import java.util.List;

/** Temporal's entry to the audit log. */
public final class AuditActivitiesImpl implements AuditActivities {
  private final AuditLog log;

  public AuditActivitiesImpl(AuditLog log) {
    this.log = log;
  }

  @Override
  public void record(List<AuditEntry> entries) {
    log.append(entries);
  }
}
