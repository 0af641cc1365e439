package io.specops.audit;

import java.util.List;

/**
 * An approval event: requested, approved, rejected, expired, obsolete (no longer needed when
 * re-checked after approval), or refused (unknown decision id, unlisted approver, duplicate).
 */
public record ApprovalRecord(
    String decisionId,
    String service,
    ApprovalEvent event,
    String approver,
    String comment,
    String reason,
    List<String> approvers) {}
