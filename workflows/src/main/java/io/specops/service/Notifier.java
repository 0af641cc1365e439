package io.specops.service;

import io.specops.blueprint.Blueprint;
import io.specops.notification.Notification;
import io.specops.notification.NotificationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * Sends a blueprint's notifications (seed 004) without holding up the control loop: the activity
 * runs asynchronously with Temporal's retries; a webhook that stays down loses the message, not the
 * operation.
 */
final class Notifier {
  private final NotificationActivities activities =
      Workflow.newActivityStub(
          NotificationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(2))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setMaximumAttempts(6)
                      .build())
              .build());

  void send(Blueprint blueprint, String event, String text, Map<String, Object> details) {
    Blueprint.Notifications n = blueprint.spec().notifications();
    if (!n.events().contains(event)) {
      return;
    }
    // one activity per channel, webhook first as before email existed (replay keeps that order)
    if (n.webhookUrl() != null) {
      deliver(Notification.toWebhook(blueprint.name(), event, text, n.webhookUrl(), details));
    }
    if (!n.email().isEmpty()) {
      deliver(Notification.byEmail(blueprint.name(), event, text, n.email(), details));
    }
  }

  private void deliver(Notification notification) {
    String channel = notification.goesByEmail() ? "email" : "webhook";
    Async.procedure(activities::notify, notification)
        .exceptionally(
            failure -> {
              Workflow.getLogger(Notifier.class)
                  .warn(
                      "{} notification {} for {} not delivered: {}",
                      channel,
                      notification.event(),
                      notification.service(),
                      failure instanceof ActivityFailure ? failure.getCause() : failure);
              return null;
            });
  }
}
