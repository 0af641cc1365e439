package io.specops.notification;

import java.util.List;
import java.util.Map;

/**
 * A message for one of a service's channels (seed 004): its webhook or its email addresses, never
 * both, so that a retry after one channel failed does not repeat the other. The event is one of
 * approval_needed, operation_failed, rolled_back, breaker_opened, deferred, operation_succeeded,
 * evidence; then a one-line text and details. A webhook given as env:VARIABLE is looked up by the
 * activity, so its address never enters workflow history. {@code email} is null in notifications
 * recorded before email existed.
 */
public record Notification(
    String service,
    String event,
    String text,
    String webhookUrl,
    Map<String, Object> details,
    List<String> email) {

  public static Notification toWebhook(
      String service, String event, String text, String webhookUrl, Map<String, Object> details) {
    return new Notification(service, event, text, webhookUrl, details, null);
  }

  public static Notification byEmail(
      String service, String event, String text, List<String> email, Map<String, Object> details) {
    return new Notification(service, event, text, null, details, List.copyOf(email));
  }

  public boolean goesByEmail() {
    return email != null && !email.isEmpty();
  }
}
