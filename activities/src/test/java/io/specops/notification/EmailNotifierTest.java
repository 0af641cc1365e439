package io.specops.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email notifications through a real SMTP server (GreenMail's, in-process, on a free port). */
class EmailNotifierTest {
  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("specops", "s3cret-pw"));

  private static SmtpSettings server(String username, String password) {
    return local(smtp.getSmtp().getPort(), username, password, false);
  }

  /** A server on this machine's {@code port}. */
  private static SmtpSettings local(int port, String username, String password, boolean ssl) {
    return new SmtpSettings(
        "127.0.0.1",
        port,
        "specops@example.com",
        username,
        password,
        false,
        ssl,
        SmtpSettings.TIMEOUT);
  }

  private static Notification approvalNeeded(List<String> to) {
    return Notification.byEmail(
        "api-service",
        "approval_needed",
        "api-service: scale_up 2 -> 3 needs approval (specops approve api-service dec-1)",
        to,
        Map.of("decision_id", "dec-1", "replicas", Map.of("from", 2, "to", 3)));
  }

  @Test
  void mailsTheTextAndDetailsToEveryAddress() throws Exception {
    new NotificationSender(new WebhookNotifier(), new EmailNotifier(server("specops", "s3cret-pw")))
        .notify(approvalNeeded(List.of("api-team@company.com", "oncall@company.com")));

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient's mailbox
    MimeMessage mail = received[0];
    assertThat(mail.getSubject()).isEqualTo("[specops] api-service: approval_needed");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("specops@example.com");
    assertThat(mail.getSentDate()).isNotNull(); // Jakarta Mail dates it when sending
    assertThat(mail.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("api-team@company.com", "oncall@company.com");
    String body = GreenMailUtil.getBody(mail);
    assertThat(body)
        .startsWith(
            "api-service: scale_up 2 -> 3 needs approval (specops approve api-service dec-1)")
        .contains("service: api-service")
        .contains("event: approval_needed")
        .contains("decision_id: dec-1")
        .contains("\"from\":2");
  }

  @Test
  void anUnauthenticatedWorkerCanSendThroughAnOpenRelay() {
    new EmailNotifier(server("", "")).send(approvalNeeded(List.of("api-team@company.com")));
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void refusedCredentialsAreNotRetriedAndTheMessageHoldsNoPassword() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new EmailNotifier(server("specops", "wrong-pw"))
                    .send(approvalNeeded(List.of("api-team@company.com"))));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("EmailRefused");
    assertThat(failure.getOriginalMessage())
        .contains("email of api-service (approval_needed)")
        .contains("refused the worker's SMTP credentials")
        .doesNotContain("wrong-pw");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void aServerThatIsDownIsRetried() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    SmtpSettings down = local(closed, "specops", "s3cret-pw", false);
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> new EmailNotifier(down).send(approvalNeeded(List.of("a@company.com"))));
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo("EmailUnavailable");
    assertThat(failure.getOriginalMessage())
        .contains("SMTP server 127.0.0.1:" + closed + " unreachable")
        .doesNotContain("s3cret-pw");
  }

  @Test
  void sslRefusesAServerWhoseCertificateTheWorkerDoesNotTrustAndDoesNotRetry() {
    GreenMail smtps = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
    smtps.start();
    try {
      SmtpSettings ssl = local(smtps.getSmtps().getPort(), "", "", true);
      ApplicationFailure failure =
          catchThrowableOfType(
              ApplicationFailure.class,
              () -> new EmailNotifier(ssl).send(approvalNeeded(List.of("a@company.com"))));
      // GreenMail's certificate is self-signed: TLS was spoken, and the server not trusted. No
      // retry can change that, so Temporal is told not to try again
      assertThat(failure.getOriginalMessage())
          .contains("the worker does not trust 127.0.0.1:" + smtps.getSmtps().getPort())
          .contains("SunCertPathBuilderException");
      assertThat(failure.getType()).isEqualTo("EmailServerUntrusted");
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(smtps.getReceivedMessages()).isEmpty();
    } finally {
      smtps.stop();
    }
  }

  @Test
  void aCertificateForAnotherHostIsUntrustedButATimeoutIsNot() {
    // angus-mail's identity check (mail.smtp.ssl.checkserveridentity) fails with this IOException
    var otherHost =
        new jakarta.mail.MessagingException(
            "Could not connect to SMTP host: mail.company.com, port: 465",
            new java.io.IOException("Can't verify identity of server: mail.company.com"));
    var timeout =
        new jakarta.mail.MessagingException(
            "Could not connect to SMTP host: mail.company.com, port: 465",
            new java.net.SocketTimeoutException("connect timed out"));
    assertThat(EmailNotifier.untrusted(otherHost)).isTrue();
    assertThat(EmailNotifier.untrusted(timeout)).isFalse();
  }

  @Test
  void aWorkerWithoutSmtpSaysWhichSettingIsMissing() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                NotificationSender.withoutSmtp()
                    .notify(approvalNeeded(List.of("api-team@company.com"))));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "email of api-service (approval_needed) not sent: the worker has no SMTP server (set"
                + " specops.notifications.smtp.host, docs/operations.md)");
  }

  @Test
  void settingsNeverPrintThePassword() {
    assertThat(server("specops", "s3cret-pw").toString())
        .contains("as specops")
        .doesNotContain("s3cret-pw");
  }
}
