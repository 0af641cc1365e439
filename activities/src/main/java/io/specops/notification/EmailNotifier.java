package io.specops.notification;

import io.specops.json.Json;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Mails a notification to the addresses a blueprint names (seed 004's per-service email lists),
 * through the worker's SMTP server, as plain text: the one-line text, then the event's details. A
 * server that cannot be reached is retried by Temporal; addresses or credentials it refuses, and a
 * certificate the worker does not trust, are not. Failures name the service, the event and the
 * server, never the password.
 */
public final class EmailNotifier {
  private final SmtpSettings smtp;
  private final Session session;

  public EmailNotifier(SmtpSettings smtp) {
    this.smtp = smtp;
    this.session = smtp.configured() ? Session.getInstance(properties(smtp)) : null;
  }

  public void send(Notification n) {
    String what = "email of " + n.service() + " (" + n.event() + ")";
    if (session == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          what
              + " not sent: the worker has no SMTP server (set specops.notifications.smtp.host,"
              + " docs/operations.md)",
          "EmailNotConfigured");
    }
    MimeMessage message = new MimeMessage(session);
    try {
      message.setFrom(new InternetAddress(smtp.from(), true));
      message.setRecipients(Message.RecipientType.TO, recipients(n, what));
      message.setSubject("[specops] " + n.service() + ": " + n.event(), "UTF-8");
      message.setText(body(n), StandardCharsets.UTF_8.name());
    } catch (AddressException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " not sent: specops.notifications.smtp.from is not an address", "BadEmailAddress");
    } catch (MessagingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " not sent: " + e.getMessage(), "EmailNotComposed");
    }
    try {
      if (smtp.authenticated()) {
        Transport.send(message, smtp.username(), smtp.password());
      } else {
        Transport.send(message);
      }
    } catch (AuthenticationFailedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " not sent: " + smtp.address() + " refused the worker's SMTP credentials",
          "EmailRefused");
    } catch (SendFailedException e) {
      if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
        throw ApplicationFailure.newNonRetryableFailure(
            what + " not sent: " + smtp.address() + " refused " + List.of(e.getInvalidAddresses()),
            "EmailRefused");
      }
      throw ApplicationFailure.newFailure(
          what + " not sent by " + smtp.address() + ": " + firstLine(e), "EmailUnavailable");
    } catch (MessagingException e) {
      if (untrusted(e)) {
        // the certificate will not be trusted on the next attempt either: an operator must act
        throw ApplicationFailure.newNonRetryableFailure(
            what + " not sent: the worker does not trust " + smtp.address() + ": " + firstLine(e),
            "EmailServerUntrusted");
      }
      throw ApplicationFailure.newFailure(
          what + " not sent: SMTP server " + smtp.address() + " unreachable: " + firstLine(e),
          "EmailUnavailable");
    }
  }

  /**
   * Whether TLS failed on the server's certificate (not trusted, or not the host's): a failure that
   * retrying cannot mend, unlike a refused connection or a timeout.
   */
  static boolean untrusted(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertificateException
          || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException
          || t instanceof SSLPeerUnverifiedException
          // angus-mail's check that the certificate names the host
          // (mail.smtp.ssl.checkserveridentity)
          || String.valueOf(t.getMessage()).startsWith("Can't verify identity of server")) {
        return true;
      }
    }
    return false;
  }

  private static InternetAddress[] recipients(Notification n, String what) {
    InternetAddress[] out = new InternetAddress[n.email().size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = new InternetAddress(n.email().get(i), true);
      } catch (AddressException e) {
        throw ApplicationFailure.newNonRetryableFailure(
            what + " not sent: \"" + n.email().get(i) + "\" is not an email address",
            "BadEmailAddress");
      }
    }
    return out;
  }

  static String body(Notification n) {
    StringBuilder out = new StringBuilder(n.text()).append("\n\n");
    out.append("service: ").append(n.service()).append('\n');
    out.append("event: ").append(n.event()).append('\n');
    if (n.details() != null) {
      for (Map.Entry<String, Object> e : n.details().entrySet()) {
        Object value = e.getValue();
        String text =
            value instanceof Map<?, ?> || value instanceof List<?>
                ? Json.write(value)
                : String.valueOf(value);
        out.append(e.getKey()).append(": ").append(text).append('\n');
      }
    }
    return out.append("\n-- SpecOps\n").toString();
  }

  private static Properties properties(SmtpSettings smtp) {
    Properties p = new Properties();
    String millis = Long.toString(smtp.timeout().toMillis());
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.connectiontimeout", millis);
    p.put("mail.smtp.timeout", millis);
    p.put("mail.smtp.writetimeout", millis);
    p.put("mail.smtp.auth", Boolean.toString(smtp.authenticated()));
    if (smtp.ssl()) {
      p.put("mail.smtp.ssl.enable", "true");
    } else if (smtp.starttls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    // TLS only to the server the settings name, against the JVM's trusted certificates
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    return p;
  }

  /**
   * The failure's first line, and its root cause's (a refused connection, an untrusted
   * certificate).
   */
  private static String firstLine(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String line = line(e);
    return root == e
        ? line
        : line + " (" + root.getClass().getSimpleName() + ": " + line(root) + ")";
  }

  private static String line(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
