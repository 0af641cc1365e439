package io.specops.notification;

import io.specops.json.Json;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Posts notifications to a service's webhook as Slack-compatible JSON ({@code {"text": ...}} plus
 * the event's fields). The address may be {@code env:VARIABLE}, read from the worker's environment.
 * It is never logged: failures name the service and event, not the URL.
 */
public final class WebhookNotifier {
  /*
   * Connecting and answering together stay under the notification activity's 10 s (workflows'
   * Notifier), so a slow webhook fails here, naming itself, instead of as an activity timeout.
   */
  private static final Duration CONNECT_WITHIN = Duration.ofSeconds(3);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(6);

  private final HttpClient http;
  private final Function<String, String> environment;
  private final Duration answerWithin;

  public WebhookNotifier() {
    this(HttpClient.newBuilder().connectTimeout(CONNECT_WITHIN).build(), System::getenv);
  }

  public WebhookNotifier(HttpClient http, Function<String, String> environment) {
    this(http, environment, ANSWER_WITHIN);
  }

  WebhookNotifier(HttpClient http, Function<String, String> environment, Duration answerWithin) {
    this.http = http;
    this.environment = environment;
    this.answerWithin = answerWithin;
  }

  public void notify(Notification n) {
    String url = resolve(n);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", n.text());
    body.put("service", n.service());
    body.put("event", n.event());
    if (n.details() != null) {
      body.put("details", n.details());
    }
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(answerWithin)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
              .build();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the webhook address of " + n.service() + " is not a valid URL", "BadWebhook");
    }
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int code = response.statusCode();
      if (code >= 200 && code < 300) {
        return;
      }
      String what = "webhook of " + n.service() + " answered " + code + " to " + n.event();
      if (code == 429 || code >= 500) {
        throw ApplicationFailure.newFailure(what, "WebhookUnavailable");
      }
      throw ApplicationFailure.newNonRetryableFailure(what, "WebhookRefused");
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "webhook of " + n.service() + " unreachable: " + e.getClass().getSimpleName(),
          "WebhookUnavailable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    }
  }

  private String resolve(Notification n) {
    String url = n.webhookUrl();
    if (url != null && url.startsWith("env:")) {
      String variable = url.substring(4);
      String value = environment.apply(variable);
      if (value == null || value.isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the webhook of "
                + n.service()
                + " is env:"
                + variable
                + " but the worker has no such environment variable",
            "WebhookNotConfigured");
      }
      return value;
    }
    return url;
  }
}
