package io.specops.notification;

import java.util.Map;

/**
 * A message for a service's webhook (seed 004): the event (approval_needed, operation_failed,
 * rolled_back, breaker_opened, deferred, operation_succeeded), a one-line text, and details. The
 * webhook address is looked up by the activity from the blueprint's setting, so it never enters
 * workflow history when given as env:VARIABLE.
 */
public record Notification(
    String service, String event, String text, String webhookUrl, Map<String, Object> details) {}
