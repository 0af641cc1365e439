package io.specops.service;

/**
 * The payload of the approve and reject signals, as sent with {@code temporal workflow signal
 * --name approve --input '{"decision_id": "...", "approver": "alice"}'}.
 */
public record ApprovalSignal(String decisionId, String approver, String comment) {}
