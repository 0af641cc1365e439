package io.specops.notification;

import java.time.Duration;

/**
 * The SMTP server email notifications go through ({@code specops.notifications.smtp.*}). No host:
 * email is off, and a blueprint asking for it gets a notification failure naming the setting. The
 * password is never printed, {@link #toString()} included.
 */
public record SmtpSettings(
    String host,
    int port,
    String from,
    String username,
    String password,
    boolean starttls,
    boolean ssl,
    Duration timeout) {

  /*
   * Connecting, and each read and write after, within 4 s: a slow server fails here, naming itself,
   * inside the notification activity's 10 s (workflows' Notifier).
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(4);

  public static final SmtpSettings NONE =
      new SmtpSettings("", 25, "specops@localhost", "", "", false, false, TIMEOUT);

  public boolean configured() {
    return host != null && !host.isBlank();
  }

  public boolean authenticated() {
    return username != null && !username.isBlank();
  }

  public String address() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return "SmtpSettings["
        + address()
        + ", from "
        + from
        + (authenticated() ? ", as " + username : "")
        + (ssl ? ", SSL" : starttls ? ", STARTTLS" : "")
        + "]";
  }
}
