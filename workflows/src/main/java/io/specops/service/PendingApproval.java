package io.specops.service;

import io.specops.decision.Action;
import java.time.Instant;
import java.util.List;

/** An operation waiting for one of the blueprint's approvers. */
public record PendingApproval(
    String decisionId,
    Action action,
    int currentReplicas,
    int targetReplicas,
    String rationale,
    List<String> approvers,
    Instant requestedAt,
    Instant expiresAt) {}
