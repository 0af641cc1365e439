package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.specops.blueprint.TestBlueprints;
import io.specops.metrics.KubernetesMetricsSource;
import io.specops.metrics.MetricsUnavailableException;
import io.specops.simulation.FaultInjector;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedCluster;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client the worker builds for a real cluster fails a read at once when the API answers 5xx, as
 * every test with the simulated cluster runs it, and leaves retrying to Temporal.
 */
class RealClusterClientTest {
  @Test
  void aMetricsServerAnswering503FailsTheReadAtOnceNotAfterTenRetries() {
    SimulatedCluster cluster =
        SimulatedCluster.start(ScenarioLoader.load("seed-001"), Clock.systemUTC());
    AtomicInteger metricsRequests = new AtomicInteger();
    cluster.injectFaults(
        new FaultInjector() {
          @Override
          public MockResponse onRead(RecordedRequest request) {
            if (!request.getPath().startsWith("/apis/metrics.k8s.io/")) {
              return null;
            }
            metricsRequests.incrementAndGet();
            return new MockResponse()
                .setResponseCode(503)
                .setBody("service unavailable: metrics-server is restarting");
          }
        });
    Config config = Config.autoConfigure(null);
    assertThat(config.getRequestRetryBackoffLimit()).as("fabric8's default").isEqualTo(10);
    config.setMasterUrl(cluster.masterUrl());
    config.setTrustCerts(true);
    try (KubernetesClient client = ClusterConfiguration.realCluster(config)) {
      assertThatThrownBy(
              () ->
                  new KubernetesMetricsSource(client, Clock.systemUTC())
                      .collect(TestBlueprints.frontend()))
          .isInstanceOf(MetricsUnavailableException.class);
      assertThat(metricsRequests).as("requests to metrics.k8s.io").hasValue(1);
    } finally {
      cluster.close();
    }
  }
}
