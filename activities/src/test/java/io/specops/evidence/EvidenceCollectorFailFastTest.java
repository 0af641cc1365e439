package io.specops.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.specops.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A log request the API server cannot serve (a node whose kubelet does not answer: 500 at once, as
 * kube-apiserver answers for kwok's node) is a gap in the report after one request, not ten retries
 * with backoff that outlast the activity's timeout and hold the service's next decision.
 */
class EvidenceCollectorFailFastTest {
  private static final String LOG_PATH = "/api/v1/namespaces/shop/pods/web-1/log";

  @Test
  void aLogReadTheServerCannotServeIsOneRequestAndAGap() throws Exception {
    List<String> paths = new CopyOnWriteArrayList<>();
    MockResponse unserved =
        new MockResponse()
            .setResponseCode(500)
            .setBody(
                "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":500,"
                    + "\"message\":\"no preferred addresses found; known addresses: []\"}");
    // a client as production builds one: fabric8's default retries (backoff shortened for the test)
    EvidenceCollector.Collected c =
        collect(
            unserved,
            paths,
            config -> config.withRequestRetryBackoffLimit(10).withRequestRetryBackoffInterval(10));
    assertThat(c.pods()).hasSize(1);
    assertThat(c.gaps()).anySatisfy(g -> assertThat(g).startsWith("logs of web-1"));
    assertThat(paths)
        .filteredOn(p -> p.startsWith(LOG_PATH))
        .as("log requests for the one pod")
        .hasSize(1);
  }

  /**
   * A pod that never became ready is the one whose logs matter: they are read with one GET, at
   * once, as kubectl logs reads them, not after a wait for readiness through a list and a watch of
   * pods (which deploy/'s role does not grant).
   */
  @Test
  void aNeverReadyPodsLogIsOneGetWithoutAWatch() throws Exception {
    List<String> paths = new CopyOnWriteArrayList<>();
    MockResponse log =
        new MockResponse()
            .setResponseCode(200)
            .setBody("2026-11-30T07:59:00.000000000Z ERROR cannot reach db\n");
    EvidenceCollector.Collected c = collect(log, paths, config -> config);
    assertThat(c.gaps()).noneSatisfy(g -> assertThat(g).startsWith("logs of web-1"));
    assertThat(c.lines()).anySatisfy(l -> assertThat(l.text()).contains("cannot reach db"));
    assertThat(paths)
        .noneMatch(p -> p.contains("watch="))
        .noneMatch(p -> p.contains("fieldSelector"));
    assertThat(paths).filteredOn(p -> p.contains("/pods/web-1/log")).hasSize(1);
  }

  /**
   * Collects evidence for Deployment shop/web, whose one pod web-1 is pending, from an API server
   * that answers its log with {@code log}; every path asked for lands in {@code paths}.
   */
  private static EvidenceCollector.Collected collect(
      MockResponse log, List<String> paths, UnaryOperator<ConfigBuilder> client) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getPath();
              paths.add(path);
              if (path.startsWith("/apis/apps/v1/namespaces/shop/deployments/web")) {
                return json(
                    new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels("app", "web")
                        .endSelector()
                        .endSpec()
                        .build());
              }
              if (path.startsWith(LOG_PATH)) {
                return log;
              }
              if (path.startsWith("/api/v1/namespaces/shop/pods")) {
                return json(
                    new PodListBuilder()
                        .withNewMetadata()
                        .withResourceVersion("1")
                        .endMetadata()
                        .addToItems(
                            new PodBuilder()
                                .withNewMetadata()
                                .withName("web-1")
                                .withNamespace("shop")
                                .addToLabels("app", "web")
                                .endMetadata()
                                .withNewStatus()
                                .withPhase("Pending")
                                .endStatus()
                                .build())
                        .build());
              }
              return new MockResponse().setResponseCode(200).setBody("{\"items\":[]}");
            }
          });
      server.start();
      Config config =
          client
              .apply(new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/").toString()))
              .build();
      try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(config).build()) {
        return new EvidenceCollector(kubernetes)
            .collect(
                TestEvidenceRequests.webRolledBack(
                    Instant.parse("2026-11-30T08:00:00Z"), Duration.ofMinutes(15), 2000),
                Duration.ZERO);
      }
    }
  }

  private static MockResponse json(Object body) {
    return new MockResponse().setResponseCode(200).setBody(Json.write(body));
  }
}
