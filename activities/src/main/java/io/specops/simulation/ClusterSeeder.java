package io.specops.simulation;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The scenario's objects, created once before the controller runs: namespaces, the batch jobs'
 * pods, the nodes, the namespaces' ResourceQuotas, and each service's Deployment (from the template
 * the real-cluster tests seed from, {@link Templates}) with its starting pods, ready since an hour
 * before the start.
 */
final class ClusterSeeder {
  private ClusterSeeder() {}

  static void seed(
      KubernetesClient admin,
      Scenario scenario,
      Collection<SimulatedService> services,
      Instant startedAt,
      BiFunction<SimulatedService, Instant, Pod> readyPod) {
    Set<String> jobNamespaces = new LinkedHashSet<>();
    if (scenario.jobs() != null) {
      scenario
          .jobs()
          .forEach(j -> jobNamespaces.add(j.namespace() == null ? "default" : j.namespace()));
    }
    jobNamespaces.removeAll(namespaces(services));
    for (String namespace : jobNamespaces) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    if (scenario.jobs() != null) {
      for (Scenario.Job job : scenario.jobs()) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(job.cpuRequest() == null ? "100m" : job.cpuRequest()));
        requests.put(
            "memory", new Quantity(job.memoryRequest() == null ? "64Mi" : job.memoryRequest()));
        admin
            .pods()
            .inNamespace(job.namespace() == null ? "default" : job.namespace())
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(job.name())
                    .addToLabels("job-name", job.name())
                    .endMetadata()
                    .withNewSpec()
                    .addToContainers(
                        new ContainerBuilder()
                            .withName(job.name())
                            .withImage("batch/" + job.name())
                            .withResources(
                                new ResourceRequirementsBuilder().withRequests(requests).build())
                            .build())
                    .withNodeName("node-1")
                    .withRestartPolicy("Never")
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Running")
                    .endStatus()
                    .build())
            .create();
      }
    }
    for (String namespace : namespaces(services)) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    List<Scenario.Node> nodes =
        scenario.nodes() == null || scenario.nodes().isEmpty()
            ? List.of(new Scenario.Node("node-1", "8", "32Gi"))
            : scenario.nodes();
    for (Scenario.Node node : nodes) {
      admin
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(node.name())
                  .endMetadata()
                  .withNewStatus()
                  .addToAllocatable("cpu", new Quantity(node.cpu()))
                  .addToAllocatable("memory", new Quantity(node.memory()))
                  .addToCapacity("cpu", new Quantity(node.cpu()))
                  .addToCapacity("memory", new Quantity(node.memory()))
                  .endStatus()
                  .build())
          .create();
    }
    Instant longAgo = startedAt.minus(Duration.ofHours(1));
    for (SimulatedService s : services) {
      int replicas = s.spec().replicas() == null ? 1 : s.spec().replicas();
      // the same template the real-cluster tests seed from
      Deployment d = Templates.deployment(s.spec(), s.namespace());
      admin.apps().deployments().inNamespace(s.namespace()).resource(d).create();
      for (int i = 0; i < replicas; i++) {
        admin.pods().inNamespace(s.namespace()).resource(readyPod.apply(s, longAgo)).create();
      }
      s.readyPods(replicas);
    }
    // after the starting pods, as a quota added to a running namespace: the controller's first
    // round counts them
    for (Scenario.Quota q : scenario.quotasOrNone()) {
      String namespace = q.namespace() == null ? "default" : q.namespace();
      if (admin.namespaces().withName(namespace).get() == null) {
        admin
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      Map<String, Quantity> hard = new TreeMap<>();
      q.hard().forEach((resource, amount) -> hard.put(resource, new Quantity(amount)));
      admin
          .resourceQuotas()
          .inNamespace(namespace)
          .resource(
              new ResourceQuotaBuilder()
                  .withNewMetadata()
                  .withName(q.name())
                  .endMetadata()
                  .withNewSpec()
                  .withHard(hard)
                  .endSpec()
                  .build())
          .create();
    }
  }

  /** The services' namespaces, in their order. */
  static Set<String> namespaces(Collection<SimulatedService> services) {
    Set<String> out = new LinkedHashSet<>();
    services.forEach(s -> out.add(s.namespace()));
    return out;
  }
}
