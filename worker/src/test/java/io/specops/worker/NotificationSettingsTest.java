package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.specops.notification.Notification;
import io.specops.notification.NotificationSender;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The worker's {@code specops.notifications.smtp.*} settings, bound as Spring binds them, reach a
 * real SMTP server with the password read from a file; without a host, email fails naming the
 * setting.
 */
class NotificationSettingsTest {
  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("specops", "from-a-file"));

  @TempDir Path secrets;

  private static SpecopsProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("specops", SpecopsProperties.class);
  }

  private static Notification rolledBack() {
    return Notification.byEmail(
        "api-service",
        "rolled_back",
        "api-service: scale_up 2 -> 3 rolled back",
        List.of("api-team@company.com"),
        null);
  }

  @Test
  void theSmtpSettingsAndAPasswordFileReachTheServer() throws Exception {
    Path password = Files.writeString(secrets.resolve("password"), "from-a-file\n");
    SpecopsProperties properties =
        bind(
            Map.of(
                "specops.notifications.smtp.host", "127.0.0.1",
                "specops.notifications.smtp.port", Integer.toString(smtp.getSmtp().getPort()),
                "specops.notifications.smtp.from", "specops@company.com",
                "specops.notifications.smtp.username", "specops",
                "specops.notifications.smtp.password-file", password.toString()));
    NotificationSender sender = new ActivitiesConfiguration().notificationActivities(properties);
    sender.notify(rolledBack());

    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(smtp.getReceivedMessages()[0].getFrom()[0].toString())
        .isEqualTo("specops@company.com");
    assertThat(properties.notifications().smtp().settings().toString())
        .contains("127.0.0.1:" + smtp.getSmtp().getPort())
        .doesNotContain("from-a-file");
  }

  @Test
  void byDefaultThereIsNoEmail() {
    SpecopsProperties properties = bind(Map.of());
    assertThat(properties.notifications().smtp().settings().configured()).isFalse();
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new ActivitiesConfiguration()
                    .notificationActivities(properties)
                    .notify(rolledBack()));
    assertThat(failure.getOriginalMessage()).contains("specops.notifications.smtp.host");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
