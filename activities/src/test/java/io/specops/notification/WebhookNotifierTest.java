package io.specops.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.json.Json;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private final WebhookReceiver receiver = newReceiver();

  @AfterEach
  void close() {
    receiver.close();
  }

  @Test
  void postsSlackCompatibleJson() throws Exception {
    new WebhookNotifier()
        .notify(
            Notification.toWebhook(
                "todo-frontend",
                "approval_needed",
                "todo-frontend: scale_up 2 -> 3 needs approval",
                receiver.url(),
                Map.of("decision_id", "dec-1")));
    JsonNode body = Json.mapper().readTree(receiver.bodies().get(0));
    assertThat(body.get("text").asText())
        .isEqualTo("todo-frontend: scale_up 2 -> 3 needs approval");
    assertThat(body.get("event").asText()).isEqualTo("approval_needed");
    assertThat(body.at("/details/decision_id").asText()).isEqualTo("dec-1");
  }

  @Test
  void readsTheAddressFromTheEnvironmentWhenAskedTo() {
    WebhookNotifier notifier =
        new WebhookNotifier(
            HttpClient.newHttpClient(), name -> name.equals("SLACK_HOOK") ? receiver.url() : null);
    notifier.notify(Notification.toWebhook("svc", "deferred", "deferred", "env:SLACK_HOOK", null));
    assertThat(receiver.bodies()).hasSize(1);
    assertThatThrownBy(
            () ->
                notifier.notify(
                    Notification.toWebhook("svc", "deferred", "x", "env:MISSING", null)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("env:MISSING but the worker has no such environment variable")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
  }

  @Test
  void serverErrorsAreRetriedClientErrorsAreNotAndTheUrlIsNeverInTheMessage() {
    receiver.answer(503);
    assertThatThrownBy(
            () ->
                new WebhookNotifier()
                    .notify(
                        Notification.toWebhook("svc", "rolled_back", "x", receiver.url(), null)))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isFalse())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(receiver.url()));
    receiver.answer(404);
    assertThatThrownBy(
            () ->
                new WebhookNotifier()
                    .notify(
                        Notification.toWebhook("svc", "rolled_back", "x", receiver.url(), null)))
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(receiver.url()));
  }

  @Test
  void aWebhookThatAnswersTooLateFailsWithinTheNotifiersOwnLimitNamingTheTimeout() {
    receiver.answerAfter(Duration.ofSeconds(2));
    WebhookNotifier notifier =
        new WebhookNotifier(HttpClient.newHttpClient(), name -> null, Duration.ofMillis(500));
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                notifier.notify(
                    Notification.toWebhook("svc", "deferred", "x", receiver.url(), null)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("webhook of svc unreachable: HttpTimeoutException")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isFalse());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  private static WebhookReceiver newReceiver() {
    try {
      return new WebhookReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
