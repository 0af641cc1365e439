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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A log request the API server cannot serve (a node whose kubelet does not answer: 500 at once, as
 * kube-apiserver answers for kwok's node) is a gap in the report after one request, not ten retries
 * with backoff that outlast the activity's timeout and hold the service's next decision.
 */
class EvidenceCollectorFailFastTest {
  @Test
  void aLogReadTheServerCannotServeIsOneRequestAndAGap() throws Exception {
    AtomicInteger logRequests = new AtomicInteger();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getPath();
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
              if (path.startsWith("/api/v1/namespaces/shop/pods/web-1/log")) {
                logRequests.incrementAndGet();
                return new MockResponse()
                    .setResponseCode(500)
                    .setBody(
                        "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":500,"
                            + "\"message\":\"no preferred addresses found; known addresses: []\"}");
              }
              if (path.startsWith("/api/v1/namespaces/shop/pods")) {
                return json(
                    new PodListBuilder()
                        .addToItems(
                            new PodBuilder()
                                .withNewMetadata()
                                .withName("web-1")
                                .withNamespace("shop")
                                .addToLabels("app", "web")
                                .endMetadata()
                                .build())
                        .build());
              }
              return new MockResponse().setResponseCode(200).setBody("{\"items\":[]}");
            }
          });
      server.start();
      // a client as production builds one: fabric8's default retries (backoff shortened for the
      // test)
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(server.url("/").toString())
              .withRequestRetryBackoffLimit(10)
              .withRequestRetryBackoffInterval(10)
              .build();
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        EvidenceCollector.Collected c =
            new EvidenceCollector(client)
                .collect(
                    new EvidenceRequest(
                        "ev-1",
                        "web",
                        "shop",
                        "Deployment",
                        "web",
                        "partial",
                        "dec-1",
                        Instant.parse("2026-11-30T08:00:00Z"),
                        Duration.ofMinutes(15),
                        2000,
                        List.of(),
                        null,
                        null,
                        null,
                        null));
        assertThat(c.pods()).hasSize(1);
        assertThat(c.gaps()).anySatisfy(g -> assertThat(g).startsWith("logs of web-1"));
        assertThat(logRequests).as("log requests for the one pod").hasValue(1);
      }
    }
  }

  /**
   * A pod that never became ready is the one whose logs matter: they are read with one GET, at
   * once, as kubectl logs reads them, not after a wait for readiness through a list and a watch of
   * pods (which deploy/'s role does not grant).
   */
  @Test
  void aNeverReadyPodsLogIsOneGetWithoutAWatch() throws Exception {
    List<String> paths = new CopyOnWriteArrayList<>();
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
              if (path.startsWith("/api/v1/namespaces/shop/pods/web-1/log")) {
                return new MockResponse()
                    .setResponseCode(200)
                    .setBody("2026-11-30T07:59:00.000000000Z ERROR cannot reach db\n");
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
          new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/").toString()).build();
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        EvidenceCollector.Collected c =
            new EvidenceCollector(client)
                .collect(
                    new EvidenceRequest(
                        "ev-2",
                        "web",
                        "shop",
                        "Deployment",
                        "web",
                        "rolled_back",
                        "dec-2",
                        Instant.parse("2026-11-30T08:00:00Z"),
                        Duration.ofMinutes(15),
                        2000,
                        List.of(),
                        null,
                        null,
                        null,
                        null));
        assertThat(c.gaps()).noneSatisfy(g -> assertThat(g).startsWith("logs of web-1"));
        assertThat(c.lines()).anySatisfy(l -> assertThat(l.text()).contains("cannot reach db"));
      }
    }
    assertThat(paths)
        .noneMatch(p -> p.contains("watch="))
        .noneMatch(p -> p.contains("fieldSelector"));
    assertThat(paths).filteredOn(p -> p.contains("/pods/web-1/log")).hasSize(1);
  }

  private static MockResponse json(Object body) {
    return new MockResponse().setResponseCode(200).setBody(Json.write(body));
  }
}
