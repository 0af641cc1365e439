package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * The API server's time is the worker's moved by the Date header of the server's latest answer, so
 * the cluster's Events are recent or not by the clock that stamped them (the real server's answers:
 * RealControlPlaneKubeIT).
 */
class ApiServerClockTest {
  static final Instant WORKER = Instant.parse("2026-12-05T09:30:00.200Z");

  @Test
  void aDateHeaderFifteenMinutesAheadMovesNowFifteenMinutesAhead() {
    ApiServerClock clock = new ApiServerClock(Clock.fixed(WORKER, ZoneOffset.UTC));
    assertThat(clock.now()).as("nothing measured yet: the worker's").isEqualTo(WORKER);

    clock.answeredAt("api:6443", "Sat, 05 Dec 2026 09:45:00 GMT", WORKER);
    assertThat(clock.ahead())
        .as("the header's second is cut: half a second is added")
        .isEqualTo(Duration.ofMinutes(15).plusMillis(300));
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-12-05T09:45:00.500Z"));

    clock.answeredAt("api:6443", "Sat, 05 Dec 2026 09:20:00 GMT", WORKER);
    assertThat(clock.ahead()).as("the latest answer counts").isNegative();
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-12-05T09:20:00.500Z"));

    clock.answeredAt("api:6443", "yesterday", WORKER);
    clock.answeredAt("api:6443", null, WORKER);
    assertThat(clock.now())
        .as("a header that does not parse changes nothing")
        .isEqualTo(Instant.parse("2026-12-05T09:20:00.500Z"));
  }

  @Test
  void httpDatesParseAsGoWritesThem() {
    assertThat(ApiServerClock.parse("Sat, 05 Dec 2026 09:45:00 GMT"))
        .isEqualTo(Instant.parse("2026-12-05T09:45:00Z"));
    assertThat(ApiServerClock.parse("Mon, 1 Jun 2026 00:00:01 GMT"))
        .isEqualTo(Instant.parse("2026-06-01T00:00:01Z"));
    assertThat(ApiServerClock.parse("2026-12-05T09:45:00Z")).isNull();
    assertThat(ApiServerClock.parse(" ")).isNull();
  }

  /** Installed as the client's interceptor, it reads every answer's Date header. */
  @Test
  void aClientWithItAsInterceptorMeasuresEachAnswer() throws Exception {
    Instant server = WORKER.plus(Duration.ofMinutes(15));
    MockWebServer api = new MockWebServer();
    api.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setHeader(
                    "Date",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(server.atOffset(ZoneOffset.UTC)))
                .setBody("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[]}");
          }
        });
    api.start();
    ApiServerClock clock = new ApiServerClock(Clock.fixed(WORKER, ZoneOffset.UTC));
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://" + api.getHostName() + ":" + api.getPort())
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(clock::installOn)
            .build()) {
      assertThat(client.pods().inNamespace("todo-app").list().getItems()).isEmpty();
      assertThat(clock.now()).isEqualTo(Instant.parse("2026-12-05T09:45:00.500Z"));
    } finally {
      api.shutdown();
    }
  }
}
