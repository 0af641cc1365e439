package io.specops.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.specops.json.Json;
import io.specops.kubernetes.ApiServerClock;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The evidence's window is the decision's last 15 minutes on the clock that stamped the cluster's
 * Events, the API server's, whichever clock is off: the Temporal server's (the decision's time) or
 * the worker's. Run as the activity it is, on the SDK's activity test environment, against an API
 * server whose Date headers say its time (the real server: RealControlPlaneKubeIT).
 */
class EvidenceClocksTest {
  private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

  /**
   * The cluster's clock 15 minutes behind the Temporal server's and the worker's: an Event a minute
   * old on the cluster's clock is 16 minutes before the decision on Temporal's.
   */
  @Test
  void onAClusterBehindTheDecisionsClockItsRecentEventsAreInTheWindow() throws Exception {
    Instant now = Instant.now();
    Instant cluster = now.minus(FIFTEEN_MINUTES);
    try (Api api = Api.at(cluster, cluster.minus(Duration.ofMinutes(1)), null)) {
      assertThat(api.collect(Clock.systemUTC(), false, now).events())
          .as("the decision's time as the window's end (before)")
          .isEmpty();
      assertThat(api.collect(Clock.systemUTC(), true, now).events())
          .singleElement()
          .satisfies(e -> assertThat(e.reason()).isEqualTo("FailedCreate"));
    }
  }

  /**
   * A worker 15 minutes ahead of the Temporal server and the cluster, which agree: the window is
   * the decision's age on Temporal's clock (this activity's start less the decision's time) back
   * from the API server's now, not the worker's idea of that age, which would reach 15 minutes
   * further back and name an Event of 20 minutes ago.
   */
  @Test
  void aWorkerAheadOfBothKeepsTheWindowOfTheDecision() throws Exception {
    Instant now = Instant.now();
    Clock worker = Clock.offset(Clock.systemUTC(), FIFTEEN_MINUTES);
    try (Api api =
        Api.at(now, now.minus(Duration.ofMinutes(1)), now.minus(Duration.ofMinutes(20)))) {
      assertThat(api.collect(worker, true, now).events())
          .singleElement()
          .satisfies(e -> assertThat(e.reason()).isEqualTo("FailedCreate"));
    }
  }

  /**
   * An API server whose clock says {@code serverNow}, holding a quota's refusal last seen at {@code
   * seen} and, unless null, an older one (BackOff) last seen at {@code earlier}.
   */
  private record Api(MockWebServer server) implements AutoCloseable {
    static Api at(Instant serverNow, Instant seen, Instant earlier) throws Exception {
      MockWebServer server = new MockWebServer();
      Function<String, MockResponse> answer =
          body ->
              new MockResponse()
                  .setResponseCode(200)
                  .setHeader("Content-Type", "application/json")
                  .setHeader(
                      "Date",
                      DateTimeFormatter.RFC_1123_DATE_TIME.format(
                          serverNow.atOffset(ZoneOffset.UTC)))
                  .setBody(body);
      String events =
          Json.write(
              new EventListBuilder()
                  .withNewMetadata()
                  .withResourceVersion("1")
                  .endMetadata()
                  .addToItems(event("FailedCreate", "exceeded quota: two-pods", seen))
                  .addAllToItems(
                      earlier == null
                          ? List.of()
                          : List.of(event("BackOff", "Back-off restarting container", earlier)))
                  .build());
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getPath();
              if (path.startsWith("/api/v1/namespaces/shop/events")) {
                return answer.apply(events);
              }
              if (path.startsWith("/apis/apps/v1/namespaces/shop/deployments/web")) {
                return answer.apply("{\"kind\":\"Status\",\"code\":404}").setResponseCode(404);
              }
              return answer.apply("{\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}");
            }
          });
      server.start();
      return new Api(server);
    }

    private static Event event(String reason, String message, Instant seen) {
      return new EventBuilder()
          .withNewMetadata()
          .withName("web." + reason)
          .withNamespace("shop")
          .endMetadata()
          .withNewInvolvedObject()
          .withKind("Deployment")
          .withName("web")
          .endInvolvedObject()
          .withType("Warning")
          .withReason(reason)
          .withMessage(message)
          .withLastTimestamp(seen.toString())
          .build();
    }

    /**
     * The evidence of a decision made at {@code decided} on Temporal's clock, collected in an
     * activity by a worker on {@code worker}, with or without the API server's clock.
     */
    EvidenceReport collect(Clock worker, boolean serverClock, Instant decided) {
      ApiServerClock clock = new ApiServerClock(worker);
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(server.url("/").toString())
              .withRequestRetryBackoffLimit(0)
              .build();
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(config)
              .withHttpClientBuilderConsumer(clock::installOn)
              .build()) {
        EvidenceActivitiesImpl impl = new EvidenceActivitiesImpl(client, worker);
        env.registerActivitiesImplementations(serverClock ? impl.withApiServerClock(clock) : impl);
        EvidenceActivities activity =
            env.newActivityStub(
                EvidenceActivities.class,
                ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .build());
        return activity.collect(TestEvidenceRequests.webRolledBack(decided, FIFTEEN_MINUTES, 200));
      } finally {
        env.close();
      }
    }

    @Override
    public void close() throws Exception {
      server.shutdown();
    }
  }
}
