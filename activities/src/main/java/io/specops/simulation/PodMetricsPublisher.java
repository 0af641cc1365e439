package io.specops.simulation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.blueprint.Quantities;
import io.specops.metrics.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster's metrics-server: what metrics.k8s.io serves, per ready pod, cpu and memory
 * in use from each service's load model, stored in the mock API server for SpecOps' client to list.
 */
final class PodMetricsPublisher {
  private static final Logger log = LoggerFactory.getLogger(PodMetricsPublisher.class);
  private final KubernetesClient admin;
  private final Function<SimulatedService, Metrics> observe;

  /** {@code observe}: a service's metrics now (the load model, with any incident applied). */
  PodMetricsPublisher(KubernetesClient admin, Function<SimulatedService, Metrics> observe) {
    this.admin = admin;
    this.observe = observe;
  }

  void publish(Collection<SimulatedService> services, Instant now) {
    for (SimulatedService s : services) {
      Metrics m = observe.apply(s);
      if (m.cpuUtilization() == null) {
        continue;
      }
      long cpuMillis =
          Math.round(
              m.cpuUtilization()
                  * Quantities.parseCpuMillis(
                      s.spec().cpuRequest() == null ? "100m" : s.spec().cpuRequest()));
      long memory =
          Math.round(
              m.memoryUtilization()
                  * Quantities.parseMemoryBytes(
                      s.spec().memoryRequest() == null ? "128Mi" : s.spec().memoryRequest()));
      for (Pod pod :
          admin.pods().inNamespace(s.namespace()).withLabel("app", s.name()).list().getItems()) {
        if (!SimulatedCluster.ready(pod)) {
          continue;
        }
        var metrics =
            new PodMetricsBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(s.namespace())
                .addToLabels("app", s.name())
                .endMetadata()
                .withTimestamp(now.toString())
                .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(15)))
                .addNewContainer()
                .withName(s.name())
                .addToUsage("cpu", new Quantity(cpuMillis + "m"))
                .addToUsage("memory", new Quantity(Long.toString(memory)))
                .endContainer()
                .build();
        try {
          admin
              .resource(metrics)
              .inNamespace(s.namespace())
              .createOr(existing -> existing.update());
        } catch (RuntimeException e) {
          log.debug(
              "pod metrics of {} not published: {}", pod.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }
}
