package io.specops.worker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.specops.kubernetes.ClusterCapacityReader;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.SimulatedMetricsSource;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedCluster;
import io.specops.time.TemporalClock;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the worker's cluster and metrics come from: the simulated cluster, or a real one. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  /** The in-process Temporal server's clock when there is one (it may skip time), else the system's. */
  @Bean
  Clock specopsClock(ObjectProvider<TestWorkflowEnvironment> testEnvironment) {
    TestWorkflowEnvironment env = testEnvironment.getIfAvailable();
    return env == null ? Clock.systemUTC() : new TemporalClock(env::currentTimeMillis);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "specops.cluster", havingValue = "simulated", matchIfMissing = true)
  SimulatedCluster simulatedCluster(SpecopsProperties properties, Clock clock) {
    return SimulatedCluster.start(ScenarioLoader.load(properties.scenario()), clock);
  }

  /** The same fabric8 client either way; only where it points differs (kubeconfig / in-cluster otherwise). */
  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient(ObjectProvider<SimulatedCluster> cluster) {
    SimulatedCluster simulated = cluster.getIfAvailable();
    return simulated != null ? simulated.newClient() : new KubernetesClientBuilder().build();
  }

  @Bean
  MetricsSource metricsSource(ObjectProvider<SimulatedCluster> cluster, KubernetesClient client, Clock clock) {
    SimulatedCluster simulated = cluster.getIfAvailable();
    if (simulated == null) {
      throw new IllegalStateException("specops.cluster=kubernetes needs a metrics source; the Prometheus and "
          + "metrics.k8s.io sources are not wired yet");
    }
    return new SimulatedMetricsSource(simulated, client, clock);
  }

  @Bean
  ClusterCapacityReader clusterCapacityReader(KubernetesClient client) {
    return new ClusterCapacityReader(client);
  }
}
