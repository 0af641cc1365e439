package io.specops.notification;

/** The notification activity: each notification goes to its one channel, webhook or email. */
public final class NotificationSender implements NotificationActivities {
  private final WebhookNotifier webhook;
  private final EmailNotifier email;

  public NotificationSender(WebhookNotifier webhook, EmailNotifier email) {
    this.webhook = webhook;
    this.email = email;
  }

  /** No SMTP server: a blueprint asking for email gets a failure naming the setting. */
  public static NotificationSender withoutSmtp() {
    return new NotificationSender(new WebhookNotifier(), new EmailNotifier(SmtpSettings.NONE));
  }

  @Override
  public void notify(Notification notification) {
    if (notification.goesByEmail()) {
      email.send(notification);
    } else {
      webhook.notify(notification);
    }
  }
}
