package io.specops.simulation;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.specops.blueprint.Quantities;
import io.specops.forecast.DemandHistory;
import io.specops.metrics.Metrics;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes cluster in a box: fabric8's mock API server in CRUD mode holding the scenario's
 * Nodes, Deployments and Pods, a controller loop that plays the Deployment controller and the
 * kubelet (pods start, become ready after the start-up delay, go away on scale-down), and a load
 * model per service. SpecOps reaches it only over HTTP with the fabric8 client, exactly as it would
 * a real cluster; only the master URL differs.
 */
public final class SimulatedCluster implements AutoCloseable {
  public static final String OPERATION_ANNOTATION = "specops.io/operation-id";
  static final String SPECOPS_USER_AGENT = "specops-worker";
  static final String STARTED_AT = "sim.specops.io/started-at";
  static final String SIMULATED = "sim.specops.io/simulated";
  private static final Logger log = LoggerFactory.getLogger(SimulatedCluster.class);
  // The mock server logs every request at INFO through java.util.logging; held here so the level
  // sticks.
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      quiet(java.util.logging.Logger.getLogger("io.fabric8.mockwebserver"));

  private final Scenario scenario;
  private final Clock clock;
  private final Instant startedAt;
  private final List<ScenarioEvent> scenarioEvents = new CopyOnWriteArrayList<>();
  private final RecordingDispatcher dispatcher;
  private final KubernetesMockServer server;
  private final KubernetesClient admin;
  private final Map<String, SimulatedService> services = new LinkedHashMap<>();
  private final ScheduledExecutorService controller;
  private final MetricsEndpoint metricsEndpoint;
  private long podCounter;
  private Instant podMetricsAt;
  private final PodMetricsPublisher podMetrics;
  private final Map<String, DemandRecorder> demand = new ConcurrentHashMap<>();
  private final SimulatedQuotas quotas;
  private final Incidents incidents = new Incidents();
  private final IncidentPlayer incidentPlayer;

  private SimulatedCluster(
      Scenario scenario,
      Clock clock,
      Path baseDirectory,
      int apiPort,
      int metricsPort,
      InetAddress metricsAddress) {
    this.scenario = scenario;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.dispatcher = new RecordingDispatcher(clock);
    this.server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), apiPort);
    this.admin = client("specops-simulator");
    this.podMetrics = new PodMetricsPublisher(admin, this::observe);
    this.quotas = new SimulatedQuotas(admin);
    for (Scenario.Service s : scenario.services()) {
      LoadProfile load = LoadProfile.of(s.load(), baseDirectory);
      ServiceModel model = ServiceModel.calibrate(s, load.rps(Duration.ZERO));
      services.put(
          key(namespace(s), s.name()),
          new SimulatedService(s, namespace(s), model, load, startupDelay(s)));
    }
    // before the seed: its first controller round plays the incidents due at the start
    this.incidentPlayer =
        new IncidentPlayer(
            admin, clock, startedAt, scenario, services, incidents, scenarioEvents::add);
    seed();
    dispatcher.logs(incidentPlayer::podLog);
    this.controller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulated-cluster-controller");
              t.setDaemon(true);
              return t;
            });
    // stopped with the executor in close(); reconcileQuietly catches its own failures
    var unused =
        controller.scheduleWithFixedDelay(this::reconcileQuietly, 100, 100, TimeUnit.MILLISECONDS);
    this.metricsEndpoint = MetricsEndpoint.start(this, metricsAddress, metricsPort);
  }

  /** Starts the cluster on free loopback ports. */
  public static SimulatedCluster start(Scenario scenario, Clock clock) {
    return start(scenario, clock, null, 0, 0);
  }

  public static SimulatedCluster start(
      Scenario scenario, Clock clock, Path baseDirectory, int apiPort, int metricsPort) {
    return start(
        scenario, clock, baseDirectory, apiPort, metricsPort, InetAddress.getLoopbackAddress());
  }

  /**
   * {@code metricsAddress}: where the metrics endpoint listens (loopback unless a Prometheus
   * elsewhere scrapes it).
   */
  public static SimulatedCluster start(
      Scenario scenario,
      Clock clock,
      Path baseDirectory,
      int apiPort,
      int metricsPort,
      InetAddress metricsAddress) {
    return new SimulatedCluster(
        scenario, clock, baseDirectory, apiPort, metricsPort, metricsAddress);
  }

  /** The API server's URL, for a kubeconfig-less fabric8 client. */
  public String masterUrl() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /**
   * A client for this cluster, built the way production builds one, with only the master URL set.
   */
  public KubernetesClient newClient() {
    return client(SPECOPS_USER_AGENT);
  }

  /** The requests SpecOps' own client made (not the simulator's), as "METHOD path". */
  public List<String> specopsRequests() {
    return dispatcher.requestsBy(SPECOPS_USER_AGENT);
  }

  /** A SpecOps client whose requests time out after {@code requestTimeout} (fault tests). */
  public KubernetesClient newClient(Duration requestTimeout) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withUserAgent(SPECOPS_USER_AGENT)
            .withMasterUrl(masterUrl())
            .withTrustCerts(true)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(5_000)
            .withRequestTimeout((int) requestTimeout.toMillis())
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private KubernetesClient client(String userAgent) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withUserAgent(userAgent)
            .withMasterUrl(masterUrl())
            .withTrustCerts(true)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(5_000)
            .withRequestTimeout(10_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public Scenario scenario() {
    return scenario;
  }

  public Clock clock() {
    return clock;
  }

  public String metricsUrl() {
    return metricsEndpoint.url();
  }

  public int metricsPort() {
    return metricsEndpoint.port();
  }

  /** Every write to a Deployment's replicas, with the operation id it carried. */
  public List<ScaleCall> scaleCalls() {
    return dispatcher.calls();
  }

  public void injectFaults(FaultInjector faults) {
    dispatcher.faults(faults);
  }

  /** The service's metrics now, from its load model and its ready pods. */
  public Metrics metrics(String namespace, String name) {
    SimulatedService s = service(namespace, name);
    return observe(s);
  }

  public double offeredLoad(String namespace, String name) {
    return service(namespace, name).load().rps(elapsed());
  }

  public ServiceModel model(String namespace, String name) {
    return service(namespace, name).model();
  }

  public int readyPods(String namespace, String name) {
    return service(namespace, name).readyPods();
  }

  public int desiredReplicas(String namespace, String name) {
    return service(namespace, name).desiredReplicas();
  }

  public List<SimulatedService> services() {
    return List.copyOf(services.values());
  }

  /** A service's metrics as its load model and its version make them. */
  private Metrics observe(SimulatedService s) {
    return incidents.degrade(
        key(s.namespace(), s.name()),
        s.model().observe(s.readyPods(), s.load().rps(elapsed())),
        clock.instant());
  }

  /**
   * Rolls out a new version of a service now: a new ReplicaSet revision with {@code image}, a
   * ScalingReplicaSet Event, and from now on every request takes {@code addedLatency} longer and
   * {@code addedErrorRate} of them fail, whatever the replicas (see {@link IncidentPlayer}).
   */
  public synchronized void rollout(
      String namespace, String name, String image, Duration addedLatency, double addedErrorRate) {
    incidentPlayer.rollout(namespace, name, image, addedLatency, addedErrorRate);
  }

  /**
   * Marks a pod of the service OOMKilled: its container restarted once, its last state says why.
   */
  public synchronized void oomKill(String namespace, String name) {
    incidentPlayer.oomKill(namespace, name);
  }

  /** Changes a service's offered load from now on (tests, fault scenarios). */
  public void setLoad(String namespace, String name, LoadProfile load) {
    SimulatedService s = service(namespace, name);
    Duration offset = elapsed();
    services.put(key(namespace, name), s.withLoad(t -> load.rps(t.minus(offset))));
  }

  /**
   * Makes new pods of a service never become ready (an image that does not start, an unschedulable
   * pod).
   */
  public void setNeverReady(String namespace, String name, boolean value) {
    services.put(key(namespace, name), service(namespace, name).withNeverReady(value));
  }

  /**
   * Runs one round of the controller now (the background loop runs every 100 ms). A round whose own
   * request to the mock API fails (seen once in CI: a list that never answered within 10 s) runs
   * once more, as a real controller requeues: the simulator's hiccup is not the test's failure.
   */
  public synchronized void reconcile() {
    try {
      reconcileRound();
    } catch (KubernetesClientException e) {
      log.debug("simulated controller round failed ({}); running it again", e.getMessage());
      reconcileRound();
    }
  }

  private void reconcileRound() {
    Instant now = clock.instant();
    finishJobs(now);
    incidentPlayer.play(now);
    boolean publishMetrics =
        podMetricsAt == null || !now.isBefore(podMetricsAt.plus(scenario.podMetricsEvery()));
    Map<String, List<ResourceQuota>> quotasNow = quotas.byNamespace();
    // the quota controller: pods that went (a job, a scale-down) give their share back
    quotasNow.replaceAll(quotas::recount);
    for (String namespace : ClusterSeeder.namespaces(services.values())) {
      Map<String, List<Pod>> podsByApp = new HashMap<>();
      for (Pod pod : admin.pods().inNamespace(namespace).withLabel(SIMULATED).list().getItems()) {
        podsByApp
            .computeIfAbsent(pod.getMetadata().getLabels().get("app"), k -> new ArrayList<>())
            .add(pod);
      }
      for (Deployment d : admin.apps().deployments().inNamespace(namespace).list().getItems()) {
        SimulatedService s = services.get(key(namespace, d.getMetadata().getName()));
        if (s == null) {
          continue;
        }
        reconcile(
            s, d, podsByApp.getOrDefault(d.getMetadata().getName(), List.of()), now, quotasNow);
      }
    }
    if (publishMetrics) {
      podMetricsAt = now;
      podMetrics.publish(services.values(), now);
    }
    for (SimulatedService s : services.values()) {
      Metrics m = observe(s);
      if (m.cpuUtilization() != null) {
        demand
            .computeIfAbsent(key(s.namespace(), s.name()), k -> new DemandRecorder())
            .record(now, m.cpuUtilization() * s.readyPods());
      }
    }
  }

  /**
   * A service's demand per minute (cpu utilization x ready pods) over the last {@code window}, as
   * recorded by the controller loop: what a Prometheus range query would return.
   */
  public DemandHistory demandHistory(String namespace, String name, Duration window) {
    DemandRecorder r = demand.get(key(namespace, name));
    return r == null
        ? DemandHistory.empty(DemandRecorder.RESOLUTION)
        : r.history(clock.instant(), window);
  }

  private void reconcile(
      SimulatedService s,
      Deployment d,
      List<Pod> pods,
      Instant now,
      Map<String, List<ResourceQuota>> quotasNow) {
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    List<Pod> live = new ArrayList<>(pods);
    String refused = null;
    while (live.size() < desired) {
      List<ResourceQuota> inNamespace = quotasNow.getOrDefault(s.namespace(), List.of());
      // the quota admission: the ReplicaSet's create is refused (retried every round, so the
      // refused pod is not registered), and the Deployment says so
      refused = SimulatedQuotas.refusal(inNamespace, nextPod(s, now));
      if (refused != null) {
        break;
      }
      live.add(admin.pods().inNamespace(s.namespace()).resource(newPod(s, now, false)).create());
      if (!inNamespace.isEmpty()) {
        quotasNow.put(s.namespace(), quotas.recount(s.namespace(), inNamespace));
      }
    }
    if (live.size() > desired) {
      // the ReplicaSet controller removes not-ready pods first, then the newest
      live.sort(Comparator.comparing((Pod p) -> ready(p)).thenComparingLong(p -> -startedAt(p)));
      for (Pod extra : new ArrayList<>(live.subList(0, live.size() - desired))) {
        admin
            .pods()
            .inNamespace(s.namespace())
            .withName(extra.getMetadata().getName())
            .withGracePeriod(0)
            .delete();
        live.remove(extra);
      }
    }
    int ready = 0;
    for (Pod pod : live) {
      boolean isReady = ready(pod);
      if (!isReady
          && !s.neverReady()
          && now.toEpochMilli() >= startedAt(pod) + s.startupDelay().toMillis()) {
        admin.pods().inNamespace(s.namespace()).resource(withReadiness(pod, true)).updateStatus();
        isReady = true;
      }
      if (isReady) {
        ready++;
      }
    }
    s.readyPods(ready);
    s.desiredReplicas(desired);
    var status = d.getStatus();
    long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
    List<DeploymentCondition> conditions =
        refused == null
            ? List.of()
            : List.of(
                new DeploymentConditionBuilder()
                    .withType("ReplicaFailure")
                    .withStatus("True")
                    .withReason("FailedCreate")
                    .withMessage(refused)
                    .build());
    if (status == null
        || !Integer.valueOf(live.size()).equals(status.getReplicas())
        || !Integer.valueOf(ready).equals(status.getReadyReplicas())
        || !Long.valueOf(generation).equals(status.getObservedGeneration())
        || !Objects.equals(
            conditions, status.getConditions() == null ? List.of() : status.getConditions())) {
      d.setStatus(
          new DeploymentStatusBuilder()
              .withReplicas(live.size())
              .withReadyReplicas(ready)
              .withAvailableReplicas(ready)
              .withUpdatedReplicas(live.size())
              .withObservedGeneration(generation)
              .withConditions(conditions)
              .build());
      try {
        admin.apps().deployments().inNamespace(s.namespace()).resource(d).updateStatus();
      } catch (RuntimeException e) {
        // a concurrent spec change bumped the resourceVersion; the next round updates the status
        log.debug(
            "status of {} not updated this round: {}", d.getMetadata().getName(), e.getMessage());
      }
    }
  }

  /** What the scenario made happen so far (jobs ending, rollouts), in order. */
  public List<ScenarioEvent> scenarioEvents() {
    return List.copyOf(scenarioEvents);
  }

  private void finishJobs(Instant now) {
    if (scenario.jobs() == null) {
      return;
    }
    for (Scenario.Job job : scenario.jobs()) {
      if (job.runsFor() != null && !now.isBefore(startedAt.plus(job.runsFor()))) {
        String ns = job.namespace() == null ? "default" : job.namespace();
        if (admin.pods().inNamespace(ns).withName(job.name()).get() != null) {
          admin.pods().inNamespace(ns).withName(job.name()).withGracePeriod(0).delete();
          scenarioEvents.add(
              new ScenarioEvent(
                  now,
                  null,
                  "job",
                  ns
                      + "/"
                      + job.name()
                      + " finished"
                      + (job.cpuRequest() == null
                          ? ""
                          : ": " + job.cpuRequest() + " cpu free again")));
          log.info("simulated job {}/{} finished", ns, job.name());
        }
      }
    }
  }

  private void seed() {
    ClusterSeeder.seed(
        admin, scenario, services.values(), startedAt, (s, at) -> newPod(s, at, true));
    reconcile();
  }

  private Pod newPod(SimulatedService s, Instant started, boolean ready) {
    String name = SimulatedPodNames.pod(s.spec().name(), ++podCounter);
    incidents.podStarted(name, started);
    return pod(s, name, started, ready);
  }

  /** The pod the ReplicaSet would create next, before it is admitted: nothing registered yet. */
  private Pod nextPod(SimulatedService s, Instant started) {
    return pod(s, SimulatedPodNames.pod(s.spec().name(), podCounter + 1), started, false);
  }

  private Pod pod(SimulatedService s, String name, Instant started, boolean ready) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(s.namespace())
            .addToLabels("app", s.spec().name())
            .addToLabels(SIMULATED, "true")
            .addToAnnotations(STARTED_AT, Long.toString(started.toEpochMilli()))
            .endMetadata()
            .withNewSpec()
            .addToContainers(container(s))
            .withNodeName("node-1")
            .endSpec()
            .build();
    return withReadiness(pod, ready);
  }

  private static Pod withReadiness(Pod pod, boolean ready) {
    // what the kubelet reported about the containers (an OOMKilled restart) stays
    var containers = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    return new PodBuilder(pod)
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .withContainerStatuses(containers)
        .endStatus()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Container container(SimulatedService s) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put(
        "cpu", new Quantity(s.spec().cpuRequest() == null ? "100m" : s.spec().cpuRequest()));
    requests.put(
        "memory",
        new Quantity(s.spec().memoryRequest() == null ? "128Mi" : s.spec().memoryRequest()));
    return new ContainerBuilder()
        .withName(s.spec().name())
        .withImage("specops/simulated:" + s.spec().name())
        .withResources(new ResourceRequirementsBuilder().withRequests(requests).build())
        .build();
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static long startedAt(Pod pod) {
    String value =
        pod.getMetadata().getAnnotations() == null
            ? null
            : pod.getMetadata().getAnnotations().get(STARTED_AT);
    return value == null ? 0 : Long.parseLong(value);
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      log.debug("controller round failed: {}", e.getMessage());
    }
  }

  private Duration elapsed() {
    return Duration.between(startedAt, clock.instant());
  }

  private SimulatedService service(String namespace, String name) {
    return service(services, namespace, name);
  }

  static SimulatedService service(
      Map<String, SimulatedService> services, String namespace, String name) {
    SimulatedService s = services.get(key(namespace, name));
    if (s == null) {
      throw new IllegalArgumentException(
          "the simulated cluster has no service " + namespace + "/" + name);
    }
    return s;
  }

  private Duration startupDelay(Scenario.Service s) {
    if (s.startupDelay() != null) {
      return s.startupDelay();
    }
    return scenario.startupDelay() == null ? Duration.ofSeconds(50) : scenario.startupDelay();
  }

  static String namespace(Scenario.Service s) {
    return s.namespace() == null ? "default" : s.namespace();
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** CPU requests as millicores, for capacity in tests and reports. */
  private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
    logger.setLevel(Level.WARNING);
    return logger;
  }

  public static long millis(String cpu) {
    return Quantities.parseCpuMillis(cpu);
  }

  @Override
  public void close() {
    controller.shutdownNow();
    metricsEndpoint.stop();
    admin.close();
    server.destroy();
  }
}
