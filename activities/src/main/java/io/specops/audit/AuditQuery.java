package io.specops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A query of the audit trail: since when, and optionally one service, one decision, one record
 * type; at most {@code limit}.
 */
public record AuditQuery(
    Instant since, String service, String decisionId, String recordType, int limit) {

  /** Whether a record (as written) matches. */
  public boolean matches(JsonNode r) {
    if (service != null && !service.equals(r.path("service").asText())) {
      return false;
    }
    if (decisionId != null && !decisionId.equals(decisionOf(r))) {
      return false;
    }
    if (recordType != null && !recordType.equals(r.path("record_type").asText())) {
      return false;
    }
    return !Instant.parse(r.path("timestamp").asText()).isBefore(since);
  }

  /**
   * The decision a record belongs to: its decision_id, or an execution's operation_id (a rollback's
   * too); null if none.
   */
  public static String decisionOf(JsonNode r) {
    if (r.hasNonNull("decision_id")) {
      return r.get("decision_id").asText();
    }
    if (r.hasNonNull("operation_id")) {
      String op = r.get("operation_id").asText();
      return op.endsWith("-rollback") ? op.substring(0, op.length() - "-rollback".length()) : op;
    }
    return null;
  }
}
