package io.specops.worker;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Utils;
import io.specops.kubernetes.ApiServerClock;
import io.specops.kubernetes.ClusterCapacityReader;
import io.specops.metrics.KubernetesMetricsSource;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.PrometheusMetricsSource;
import io.specops.metrics.RoutingMetricsSource;
import io.specops.metrics.SimulatedMetricsSource;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedCluster;
import io.specops.time.TemporalClock;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the worker's cluster and metrics come from: the simulated cluster, or a real one. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  /**
   * The in-process Temporal server's clock when there is one (it may skip time), else the system's.
   */
  @Bean
  Clock specopsClock(ObjectProvider<TestWorkflowEnvironment> testEnvironment) {
    TestWorkflowEnvironment env = testEnvironment.getIfAvailable();
    return env == null ? Clock.systemUTC() : new TemporalClock(env::currentTimeMillis);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "specops.cluster", havingValue = "simulated", matchIfMissing = true)
  SimulatedCluster simulatedCluster(SpecopsProperties properties, Clock clock) {
    Path file = Path.of(properties.scenario());
    // a scenario's trace files are relative to the scenario file
    Path base = Files.isRegularFile(file) ? file.toAbsolutePath().getParent() : null;
    InetAddress address;
    try {
      address = InetAddress.getByName(properties.simulatedMetricsAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("specops.simulated-metrics-address: " + e.getMessage(), e);
    }
    return SimulatedCluster.start(
        ScenarioLoader.load(properties.scenario()),
        clock,
        base,
        0,
        properties.simulatedMetricsPort(),
        address);
  }

  /**
   * The same fabric8 client either way; only where it points differs (kubeconfig / in-cluster
   * otherwise).
   */
  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient(
      ObjectProvider<SimulatedCluster> cluster, ApiServerClock apiServerClock) {
    SimulatedCluster simulated = cluster.getIfAvailable();
    return simulated != null
        ? simulated.newClient()
        : realCluster(Config.autoConfigure(null), apiServerClock);
  }

  /**
   * The API server's time, measured from the real cluster's answers (the simulated cluster stamps
   * its Events with the worker's own clock, which may be a test's).
   */
  @Bean
  ApiServerClock apiServerClock(Clock clock) {
    return new ApiServerClock(clock);
  }

  /**
   * A real cluster's client (kubeconfig or in-cluster), without fabric8's HTTP retries, as every
   * test with the simulated cluster runs it: Temporal retries the activities, on their own
   * policies, within their timeouts and visibly in the Web UI. fabric8's default retries with
   * backoff on a refused connection, a 429 or a 5xx: one metrics read against a metrics-server
   * answering 503 took 21 s and 16 requests (RealClusterClientTest without this), past the
   * evaluation's 20 s, and a watch reads its services one after another within a 60 s heartbeat
   * timeout. An operator who wants them sets KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT, which fabric8
   * reads. Each answer's Date header sets {@code serverClock}.
   */
  static KubernetesClient realCluster(Config config, ApiServerClock serverClock) {
    if (Utils.getSystemPropertyOrEnvVar(
            Config.KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT_SYSTEM_PROPERTY)
        == null) {
      config.setRequestRetryBackoffLimit(0);
    }
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(serverClock::installOn)
        .build();
  }

  /**
   * Every source this worker can read, chosen per blueprint (spec.metrics.source); the default for
   * "auto" is the simulated cluster's when there is one, else Prometheus when
   * specops.metrics.prometheus-url is set, else the Kubernetes metrics API.
   */
  @Bean
  MetricsSource metricsSource(
      ObjectProvider<SimulatedCluster> cluster,
      KubernetesClient client,
      Clock clock,
      SpecopsProperties properties) {
    Map<String, MetricsSource> sources = new HashMap<>();
    SimulatedCluster simulated = cluster.getIfAvailable();
    if (simulated != null) {
      sources.put("simulated", new SimulatedMetricsSource(simulated, client, clock));
    }
    sources.put("kubernetes", new KubernetesMetricsSource(client, clock));
    String prometheus = properties.metrics().prometheusUrl();
    if (prometheus != null && !prometheus.isBlank()) {
      sources.put("prometheus", new PrometheusMetricsSource(URI.create(prometheus), client, clock));
    }
    String fallback =
        simulated != null
            ? "simulated"
            : sources.containsKey("prometheus") ? "prometheus" : "kubernetes";
    String defaultSource =
        properties.metrics().defaultSource() == null
                || properties.metrics().defaultSource().isBlank()
            ? fallback
            : properties.metrics().defaultSource();
    return new RoutingMetricsSource(sources, defaultSource);
  }

  @Bean
  ClusterCapacityReader clusterCapacityReader(KubernetesClient client, Clock clock) {
    return new ClusterCapacityReader(client, clock);
  }
}
