package io.specops.notification;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Sends notifications to a service's webhook, with Temporal's retries. */
@ActivityInterface
public interface NotificationActivities {
  @ActivityMethod(name = "Notify")
  void notify(Notification notification);
}
