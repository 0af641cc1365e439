package io.specops.notification;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Sends a notification to one of a service's channels, with Temporal's retries. */
@ActivityInterface
public interface NotificationActivities {
  @ActivityMethod(name = "Notify")
  void notify(Notification notification);
}
