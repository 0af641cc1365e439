package io.specops.simulation;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.kubernetes.PodNames;
import io.specops.kubernetes.WorkloadRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes wrong in the simulated cluster, as a real one shows it: rollouts (the scenario's, due
 * by time, or a test's) with a new ReplicaSet revision and a ScalingReplicaSet Event, a bad
 * version's failing readiness probes as Unhealthy Events, OOMKilled containers with BackOff Events,
 * and the pods' logs the API serves, all from the {@link Incidents} model. Writes through the
 * simulator's own client; the cluster calls it from its controller round.
 */
final class IncidentPlayer {
  private static final Logger log = LoggerFactory.getLogger(IncidentPlayer.class);

  private final KubernetesClient admin;
  private final Clock clock;
  private final Instant startedAt;
  private final Scenario scenario;
  private final Map<String, SimulatedService> services;
  private final Incidents incidents;
  private final Set<Scenario.Rollout> rolledOut = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> unhealthyReported = new ConcurrentHashMap<>();
  private final Consumer<ScenarioEvent> events;

  IncidentPlayer(
      KubernetesClient admin,
      Clock clock,
      Instant startedAt,
      Scenario scenario,
      Map<String, SimulatedService> services,
      Incidents incidents,
      Consumer<ScenarioEvent> events) {
    this.admin = admin;
    this.clock = clock;
    this.startedAt = startedAt;
    this.scenario = scenario;
    this.services = services;
    this.incidents = incidents;
    this.events = events;
  }

  /**
   * Rolls out a new version of a service now: a new ReplicaSet revision with {@code image} (the
   * Deployment's template follows), a ScalingReplicaSet Event, and from now on every request takes
   * {@code addedLatency} longer and {@code addedErrorRate} of them fail, whatever the replicas.
   */
  void rollout(
      String namespace, String name, String image, Duration addedLatency, double addedErrorRate) {
    SimulatedService s = SimulatedCluster.service(services, namespace, name);
    String key = SimulatedCluster.key(namespace, name);
    Incidents.Version previous = incidents.version(key);
    Instant now = clock.instant();
    Deployment d = admin.apps().deployments().inNamespace(namespace).withName(name).get();
    if (previous == null) {
      // the version the scenario started with
      replicaSet(
          d, 1, d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), startedAt);
    }
    int revision = previous == null ? 2 : previous.revision() + 1;
    String rs = replicaSet(d, revision, image, now);
    admin
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            dep -> {
              dep.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
              return dep;
            });
    event(
        namespace,
        "Deployment",
        name,
        name + ".rollout-" + revision,
        "Normal",
        "ScalingReplicaSet",
        "Scaled up replica set " + rs + " to " + s.desiredReplicas(),
        now,
        1);
    incidents.rolledOut(
        key, new Incidents.Version(image, revision, now, addedLatency.toMillis(), addedErrorRate));
    events.accept(
        new ScenarioEvent(now, name, "rollout", image + " rolled out (revision " + revision + ")"));
  }

  /**
   * Marks a pod of the service OOMKilled: its container restarted once, its last state says why.
   */
  void oomKill(String namespace, String name) {
    Pod pod =
        admin.pods().inNamespace(namespace).withLabel("app", name).list().getItems().stream()
            .findFirst()
            .orElseThrow();
    incidents.oomKilled(pod.getMetadata().getName());
    admin
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder(pod)
                .editOrNewStatus()
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName(name)
                        .withRestartCount(1)
                        .withReady(true)
                        .withNewLastState()
                        .withNewTerminated()
                        .withReason("OOMKilled")
                        .withExitCode(137)
                        .endTerminated()
                        .endLastState()
                        .build())
                .endStatus()
                .build())
        .updateStatus();
    event(
        namespace,
        "Pod",
        pod.getMetadata().getName(),
        pod.getMetadata().getName() + ".backoff",
        "Warning",
        "BackOff",
        "Back-off restarting failed container " + name + " in pod " + pod.getMetadata().getName(),
        clock.instant(),
        1);
  }

  private String replicaSet(Deployment d, int revision, String image, Instant created) {
    String name =
        d.getMetadata().getName()
            + "-"
            + Integer.toHexString((d.getMetadata().getName() + revision).hashCode() & 0xfffff);
    admin
        .apps()
        .replicaSets()
        .inNamespace(d.getMetadata().getNamespace())
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(d.getMetadata().getNamespace())
                .withCreationTimestamp(created.toString())
                .addToLabels("app", d.getMetadata().getName())
                .addToAnnotations("deployment.kubernetes.io/revision", Integer.toString(revision))
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(d.getMetadata().getName())
                .withUid(d.getMetadata().getUid() == null ? "uid" : d.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withReplicas(d.getSpec().getReplicas())
                .withSelector(d.getSpec().getSelector())
                .withTemplate(
                    new PodTemplateSpecBuilder(d.getSpec().getTemplate())
                        .editSpec()
                        .editFirstContainer()
                        .withImage(image)
                        .endContainer()
                        .endSpec()
                        .build())
                .endSpec()
                .build())
        .createOr(existing -> existing.update());
    return name;
  }

  /** Creates or counts up an Event, as the kubelet and controllers do. */
  private void event(
      String namespace,
      String kind,
      String object,
      String eventName,
      String type,
      String reason,
      String message,
      Instant at,
      int count) {
    try {
      io.fabric8.kubernetes.api.model.Event existing =
          admin.v1().events().inNamespace(namespace).withName(eventName).get();
      int total =
          existing == null || existing.getCount() == null ? count : existing.getCount() + count;
      admin
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(eventName)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind(kind)
                  .withName(object)
                  .withNamespace(namespace)
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withCount(total)
                  .withFirstTimestamp(
                      existing == null ? at.toString() : existing.getFirstTimestamp())
                  .withLastTimestamp(at.toString())
                  .withNewSource()
                  .withComponent(kind.equals("Pod") ? "kubelet" : "deployment-controller")
                  .endSource()
                  .build())
          .createOr(e -> e.update());
    } catch (RuntimeException e) {
      log.debug("event {} not recorded: {}", eventName, e.getMessage());
    }
  }

  /**
   * The scenario's rollouts that are due; a bad version's pods fail their readiness probes now and
   * then.
   */
  void play(Instant now) {
    for (Scenario.Rollout r : scenario.rolloutsOrNone()) {
      if (!rolledOut.contains(r)
          && Duration.between(startedAt, clock.instant()).compareTo(r.at()) >= 0) {
        rolledOut.add(r);
        String ns =
            r.namespace() == null
                ? SimulatedCluster.namespace(
                    services.values().stream()
                        .filter(x -> x.name().equals(r.service()))
                        .findFirst()
                        .orElseThrow()
                        .spec())
                : r.namespace();
        rollout(
            ns,
            r.service(),
            r.image(),
            r.addsLatency() == null ? Duration.ZERO : r.addsLatency(),
            Incidents.errorRate(r.addsErrorRate()));
      }
    }
    for (SimulatedService s : services.values()) {
      Incidents.Version v = incidents.version(SimulatedCluster.key(s.namespace(), s.name()));
      if (v == null || v.addedErrorRate() < 0.01 || now.isBefore(v.at())) {
        continue;
      }
      Instant last = unhealthyReported.get(SimulatedCluster.key(s.namespace(), s.name()));
      if (last == null || !now.isBefore(last.plusSeconds(30))) {
        unhealthyReported.put(SimulatedCluster.key(s.namespace(), s.name()), now);
        admin
            .pods()
            .inNamespace(s.namespace())
            .withLabel("app", s.name())
            .list()
            .getItems()
            .stream()
            .findFirst()
            .ifPresent(
                p ->
                    event(
                        s.namespace(),
                        "Pod",
                        p.getMetadata().getName(),
                        p.getMetadata().getName() + ".unhealthy",
                        "Warning",
                        "Unhealthy",
                        "Readiness probe failed: HTTP probe failed with statuscode: 500",
                        now,
                        1));
      }
    }
  }

  /** What the API serves at .../pods/NAME/log: the pod's lines from the load model (Incidents). */
  String podLog(String namespace, String pod, Map<String, String> query) {
    SimulatedService s =
        services.values().stream()
            .filter(
                x ->
                    x.namespace().equals(namespace)
                        && PodNames.owns(new WorkloadRef(namespace, "Deployment", x.name()), pod))
            .findFirst()
            .orElse(null);
    if (s == null) {
      return null;
    }
    Instant now = clock.instant();
    Duration since =
        query.containsKey("sinceSeconds")
            ? Duration.ofSeconds(Long.parseLong(query.get("sinceSeconds")))
            : Duration.ofHours(1);
    Integer tail = query.containsKey("tailLines") ? Integer.valueOf(query.get("tailLines")) : null;
    Duration offset = Duration.between(startedAt, now);
    return incidents.log(
        s,
        SimulatedCluster.key(namespace, s.name()),
        pod,
        now,
        since,
        tail,
        "true".equals(query.get("timestamps")),
        "true".equals(query.get("previous")),
        t ->
            s.model()
                .utilization(
                    Math.max(1, s.readyPods()),
                    s.load()
                        .rps(
                            offset.minus(Duration.between(t, now)).isNegative()
                                ? Duration.ZERO
                                : offset.minus(Duration.between(t, now)))));
  }
}
