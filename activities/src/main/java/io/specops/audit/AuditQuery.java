package io.specops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A query of the audit trail: since when, and optionally one service, one decision, one record
 * type; the newest {@code limit} of the records it selects, oldest first.
 */
public record AuditQuery(
    Instant since, String service, String decisionId, String recordType, int limit) {

  /** Every record_type the trail holds (docs/operations.md, "The audit trail"). */
  public static final List<String> RECORD_TYPES =
      List.of(
          "decision",
          "governance",
          "approval",
          "execution",
          "verification",
          "outcome",
          "control",
          "conflict",
          "independence",
          "fleet",
          "evidence");

  /** A type that no record has would match nothing, silently: refused, naming the types. */
  public AuditQuery {
    if (recordType != null && !RECORD_TYPES.contains(recordType)) {
      throw new IllegalArgumentException(
          "type: \""
              + recordType
              + "\" is not a record type ("
              + String.join(", ", RECORD_TYPES)
              + ")");
    }
  }

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
