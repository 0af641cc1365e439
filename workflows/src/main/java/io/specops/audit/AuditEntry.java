package io.specops.audit;

import java.time.Instant;

/**
 * One line of the audit log: its type (decision, governance, execution, verification, approval,
 * ...), when, for which service, and the record itself in the seeds' JSON shape. The body's fields
 * are written at the top level of the line, next to record_type, timestamp and service.
 */
public record AuditEntry(
    String recordType,
    Instant timestamp,
    String service,
    Object body,
    String recordId,
    String namespace) {

  public AuditEntry(String recordType, Instant timestamp, String service, Object body) {
    this(recordType, timestamp, service, body, null, null);
  }
}
