package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.specops.blueprint.TestBlueprints;
import io.specops.kubernetes.ApiServerClock;
import io.specops.metrics.KubernetesMetricsSource;
import io.specops.metrics.MetricsUnavailableException;
import io.specops.simulation.FaultInjector;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedCluster;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
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
    assertThat(Config.autoConfigure(null).getRequestRetryBackoffLimit())
        .as("fabric8's default")
        .isEqualTo(10);
    try {
      collectingThroughARealClusterClient(cluster);
      assertThat(metricsRequests).as("requests to metrics.k8s.io").hasValue(1);
    } finally {
      cluster.close();
    }
  }

  @Test
  void aDeploymentTheApiWillNotGiveIsNamedAsSuchNotBlamedOnMetricsServer() {
    SimulatedCluster cluster =
        SimulatedCluster.start(ScenarioLoader.load("seed-001"), Clock.systemUTC());
    cluster.injectFaults(
        new FaultInjector() {
          @Override
          public MockResponse onRead(RecordedRequest request) {
            return request.getPath().startsWith("/apis/apps/")
                ? new MockResponse()
                    .setResponseCode(403)
                    .setBody(
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"reason\":\"Forbidden\",\"code\":403,\"message\":\"deployments.apps"
                            + " \\\"todo-frontend\\\" is forbidden\"}")
                : null;
          }
        });
    try {
      collectingThroughARealClusterClient(cluster)
          .hasMessageStartingWith(
              "cannot read deployment/todo-frontend -n todo-app (Kubernetes API:")
          .hasMessageContaining("is forbidden")
          .hasMessageNotContaining("metrics-server");
    } finally {
      cluster.close();
    }
  }

  /** The frontend's metrics collected through the client the worker builds for a real cluster. */
  private static AbstractThrowableAssert<?, ? extends Throwable>
      collectingThroughARealClusterClient(SimulatedCluster cluster) {
    Config config = Config.autoConfigure(null);
    config.setMasterUrl(cluster.masterUrl());
    config.setTrustCerts(true);
    try (KubernetesClient client =
        ClusterConfiguration.realCluster(config, new ApiServerClock(Clock.systemUTC()))) {
      return assertThatThrownBy(
              () ->
                  new KubernetesMetricsSource(client, Clock.systemUTC())
                      .collect(TestBlueprints.frontend()))
          .isInstanceOf(MetricsUnavailableException.class);
    }
  }
}
