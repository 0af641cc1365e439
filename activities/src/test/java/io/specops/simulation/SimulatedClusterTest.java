package io.specops.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.kubernetes.KubernetesScaler;
import io.specops.kubernetes.ScaleOutcome;
import io.specops.kubernetes.ScaleRequest;
import io.specops.kubernetes.ScaleResult;
import io.specops.kubernetes.WorkloadRef;
import io.specops.metrics.KubernetesMetricsSource;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsUnavailableException;
import io.specops.metrics.RoutingMetricsSource;
import io.specops.metrics.SimulatedMetricsSource;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {
  private final ManualClock time = new ManualClock(Instant.parse("2026-02-10T18:30:00Z"));
  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = SimulatedCluster.start(ScenarioLoader.load("seed-001"), time.clock());
    client = cluster.newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void seed001ServicesReadTheSeedMetrics() {
    Metrics frontend = cluster.metrics("todo-app", "todo-frontend");
    assertThat(frontend.cpuUtilization()).isEqualTo(0.85);
    assertThat(frontend.memoryUtilization()).isEqualTo(0.70);
    assertThat(frontend.latencyP95()).isEqualTo(180.0);
    assertThat(frontend.latencyP50()).isEqualTo(120.0);
    Metrics backend = cluster.metrics("todo-app", "todo-backend");
    assertThat(backend.cpuUtilization()).isEqualTo(0.45);
    assertThat(backend.memoryUtilization()).isEqualTo(0.50);
    assertThat(backend.latencyP95()).isEqualTo(100.0);
  }

  @Test
  void aScaleOverHttpStartsAPodThatBecomesReadyAfterTheStartupDelay() {
    KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
    WorkloadRef frontend = new WorkloadRef("todo-app", "Deployment", "todo-frontend");
    ScaleResult result =
        scaler.scale(new ScaleRequest(frontend, 3, "dec-20260210-183000-001", 1, 5, false));
    assertThat(result.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(result.previousReplicas()).isEqualTo(2);

    cluster.reconcile();
    assertThat(scaler.readWorkload(frontend).readyReplicas()).isEqualTo(2);
    time.advance(Duration.ofSeconds(49));
    cluster.reconcile();
    assertThat(cluster.readyPods("todo-app", "todo-frontend")).isEqualTo(2);
    time.advance(Duration.ofSeconds(1));
    cluster.reconcile();
    assertThat(scaler.readWorkload(frontend).readyReplicas()).isEqualTo(3);
    Metrics after = cluster.metrics("todo-app", "todo-frontend");
    assertThat(after.cpuUtilization()).isCloseTo(0.567, org.assertj.core.data.Offset.offset(0.001));
    assertThat(after.latencyP95()).isCloseTo(150.0, org.assertj.core.data.Offset.offset(1.0));
  }

  /**
   * A starting pod is in the metrics as kube-state-metrics has it before it serves: its requests,
   * and kube_pod_status_ready false, which the default queries read to leave it out of the
   * utilization; the serving pods are Ready.
   */
  @Test
  void aStartingPodsRequestsAndReadinessAreServedBeforeItIsReady() throws Exception {
    new KubernetesScaler(client, time.clock())
        .scale(
            new ScaleRequest(
                new WorkloadRef("todo-app", "Deployment", "todo-frontend"),
                3,
                "dec-20260210-183000-001",
                1,
                5,
                false));
    cluster.reconcile();
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cluster.metricsUrl())).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String serving = "namespace=\"todo-app\",pod=\"" + SimulatedPodNames.pod("todo-frontend", 1);
    String starting = "namespace=\"todo-app\",pod=\"" + SimulatedPodNames.pod("todo-frontend", 2);
    assertThat(body)
        .contains("# TYPE kube_pod_status_ready gauge")
        .contains("kube_pod_status_ready{" + serving + "\",condition=\"true\"} 1")
        .contains("kube_pod_status_ready{" + starting + "\",condition=\"true\"} 0")
        .contains("kube_pod_status_ready{" + starting + "\",condition=\"false\"} 1")
        .contains(
            "kube_pod_container_resource_requests{"
                + starting
                + "\",container=\"todo-frontend\",resource=\"cpu\",unit=\"core\"} 0.05")
        .doesNotContain("container_cpu_usage_seconds_total{" + starting);
  }

  @Test
  void theSameOperationAppliedTwiceChangesNothingAndIsRecordedOnce() {
    KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
    WorkloadRef frontend = new WorkloadRef("todo-app", "Deployment", "todo-frontend");
    ScaleRequest request = new ScaleRequest(frontend, 3, "dec-1", 1, 5, false);
    scaler.scale(request);
    ScaleResult again = scaler.scale(request);
    assertThat(again.outcome()).isEqualTo(ScaleOutcome.ALREADY_SCALED);
    assertThat(again.previousReplicas()).isEqualTo(2);
    assertThat(cluster.scaleCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.operationId()).isEqualTo("dec-1");
              assertThat(call.replicas()).isEqualTo(3);
            });
    Deployment d =
        client.apps().deployments().inNamespace("todo-app").withName("todo-frontend").get();
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry(KubernetesScaler.OPERATION_ANNOTATION, "dec-1");
  }

  /**
   * A 409 (the workload changed between the scale call's read and its write: on a live cluster,
   * most often its controller's status update) is read again and written in the same call, not
   * failed for a Temporal retry.
   */
  @Test
  void aWriteRefusedWithAConflictIsReadAgainAndWrittenInTheSameCall() {
    AtomicInteger conflicts = new AtomicInteger(1);
    cluster.injectFaults(conflictOnWrite(conflicts));
    KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
    WorkloadRef frontend = new WorkloadRef("todo-app", "Deployment", "todo-frontend");
    ScaleResult result = scaler.scale(new ScaleRequest(frontend, 3, "dec-409", 1, 5, false));
    assertThat(result.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(result.previousReplicas()).isEqualTo(2);
    assertThat(cluster.scaleCalls())
        .extracting(ScaleCall::status)
        .as("refused once, then written")
        .containsExactly(409, 200);
    assertThat(scaler.readWorkload(frontend).desiredReplicas()).isEqualTo(3);
  }

  /**
   * Read again after a 409, a rollback finds the change another writer made meanwhile and is
   * refused for good: the re-read decides again, it does not just repeat the write.
   */
  @Test
  void aRollbackWhoseConflictWasAnotherWritersChangeIsRefusedAfterTheReread() {
    KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
    WorkloadRef frontend = new WorkloadRef("todo-app", "Deployment", "todo-frontend");
    scaler.scale(new ScaleRequest(frontend, 3, "dec-up", 1, 5, false));
    // the scale call reads the Deployment as it was, another writer sets 5, the call's write
    // carries the resourceVersion it read and is refused
    String asRead =
        Serialization.asJson(
            client.apps().deployments().inNamespace("todo-app").withName("todo-frontend").get());
    setReplicasAsAnotherWriter("todo-frontend", 5);
    AtomicInteger staleReads = new AtomicInteger(1);
    cluster.injectFaults(
        new FaultInjector() {
          @Override
          public MockResponse onRead(RecordedRequest request) {
            return request.getPath().endsWith("/deployments/todo-frontend")
                    && staleReads.getAndDecrement() > 0
                ? new MockResponse().setResponseCode(200).setBody(asRead)
                : null;
          }
        });
    assertThatThrownBy(
            () ->
                scaler.scale(
                    new ScaleRequest(frontend, 2, "dec-up-rollback", 1, 5, false).expecting(3)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo("ChangedByAnotherWriter");
              assertThat(e.isNonRetryable()).isTrue();
            });
    assertThat(cluster.scaleCalls())
        .extracting(ScaleCall::operationId, ScaleCall::status)
        .as("the write over the stale read refused, none after the re-read")
        .endsWith(tuple("dec-up-rollback", 409));
    assertThat(scaler.readWorkload(frontend).desiredReplicas()).isEqualTo(5);
  }

  /** Conflicts that do not end: after a few reads the call fails, retryable, for Temporal. */
  @Test
  void conflictsThatKeepComingFailTheCallRetryably() {
    AtomicInteger conflicts = new AtomicInteger(Integer.MAX_VALUE);
    cluster.injectFaults(conflictOnWrite(conflicts));
    KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
    WorkloadRef frontend = new WorkloadRef("todo-app", "Deployment", "todo-frontend");
    assertThatThrownBy(() -> scaler.scale(new ScaleRequest(frontend, 3, "dec-409s", 1, 5, false)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo("KubernetesApi409");
              assertThat(e.isNonRetryable()).isFalse();
            });
    assertThat(cluster.scaleCalls())
        .extracting(ScaleCall::status)
        .containsExactly(409, 409, 409, 409);
    assertThat(scaler.readWorkload(frontend).desiredReplicas()).isEqualTo(2);
  }

  /** As a second writer does: read, change, write; read again when the write meets a 409. */
  private void setReplicasAsAnotherWriter(String name, int replicas) {
    try (KubernetesClient other = cluster.newClient()) {
      for (int attempt = 1; ; attempt++) {
        try {
          other
              .apps()
              .deployments()
              .inNamespace("todo-app")
              .withName(name)
              .edit(
                  d -> {
                    d.getSpec().setReplicas(replicas);
                    return d;
                  });
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409 || attempt == 5) {
            throw e;
          }
        }
      }
    }
  }

  /** Answers the next {@code remaining} writes 409. */
  private static FaultInjector conflictOnWrite(AtomicInteger remaining) {
    return new FaultInjector() {
      @Override
      public MockResponse onWrite(RecordedRequest request) {
        return remaining.getAndDecrement() <= 0
            ? null
            : new MockResponse()
                .setResponseCode(409)
                .setBody(
                    "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"the object"
                        + " has been modified\",\"reason\":\"Conflict\",\"code\":409}");
      }
    };
  }

  @Test
  void scaleDownRemovesPodsAndDryRunChangesNothing() {
    KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
    WorkloadRef backend = new WorkloadRef("todo-app", "Deployment", "todo-backend");
    assertThat(scaler.scale(new ScaleRequest(backend, 2, "dry", 2, 5, true)).outcome())
        .isEqualTo(ScaleOutcome.PLANNED);
    assertThat(scaler.readWorkload(backend).desiredReplicas()).isEqualTo(3);
    scaler.scale(new ScaleRequest(backend, 2, "dec-2", 2, 5, false));
    cluster.reconcile();
    assertThat(
            client
                .pods()
                .inNamespace("todo-app")
                .withLabel("app", "todo-backend")
                .list()
                .getItems())
        .hasSize(2);
    assertThat(scaler.readWorkload(backend).readyReplicas()).isEqualTo(2);
  }

  @Test
  void theKubernetesMetricsApiServesCpuAndMemoryOfTheRequests() {
    MetricsSnapshot snapshot =
        new KubernetesMetricsSource(client, time.clock()).collect(TestBlueprints.frontend());
    assertThat(snapshot.source()).isEqualTo("kubernetes");
    assertThat(snapshot.replicas()).isEqualTo(2);
    assertThat(snapshot.metrics().cpuUtilization())
        .isCloseTo(0.85, org.assertj.core.data.Offset.offset(0.01));
    assertThat(snapshot.metrics().memoryUtilization())
        .isCloseTo(0.70, org.assertj.core.data.Offset.offset(0.01));
    // metrics.k8s.io knows nothing of latency: with the default latency weight that is
    // "insufficient metrics"
    assertThat(snapshot.metrics().latencyP95()).isNull();
  }

  /**
   * A selector of matchExpressions only (no matchLabels) selects the workload's pods, not the whole
   * namespace: the backend's pods (45 % cpu) share todo-app with the frontend's (85 %). Before, the
   * empty matchLabels listed every pod of the namespace and read 55 %. (The mock API server
   * evaluates Exists, not In, so the frontend's pods get a label of their own.)
   */
  @Test
  void aSelectorOfExpressionsOnlyReadsTheWorkloadsPodsNotTheNamespaces() {
    for (var pod :
        client.pods().inNamespace("todo-app").withLabel("app", "todo-frontend").list().getItems()) {
      client
          .pods()
          .inNamespace("todo-app")
          .withName(pod.getMetadata().getName())
          .edit(
              p ->
                  new io.fabric8.kubernetes.api.model.PodBuilder(p)
                      .editMetadata()
                      .addToLabels("frontend-tier", "web")
                      .endMetadata()
                      .build());
    }
    client
        .apps()
        .deployments()
        .inNamespace("todo-app")
        .withName("todo-frontend")
        .edit(
            d ->
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d)
                    .editSpec()
                    .withNewSelector()
                    .addNewMatchExpression()
                    .withKey("frontend-tier")
                    .withOperator("Exists")
                    .endMatchExpression()
                    .endSelector()
                    .endSpec()
                    .build());
    MetricsSnapshot snapshot =
        new KubernetesMetricsSource(client, time.clock()).collect(TestBlueprints.frontend());
    assertThat(snapshot.metrics().cpuUtilization())
        .isCloseTo(0.85, org.assertj.core.data.Offset.offset(0.01));
    assertThat(snapshot.metrics().memoryUtilization())
        .isCloseTo(0.70, org.assertj.core.data.Offset.offset(0.01));
  }

  /**
   * A pod being deleted drains and uses next to nothing; the HPA leaves it out, and so does the
   * source. Before, it read as load falling: 57 % where the serving pods run at 85 %.
   */
  @Test
  void aPodBeingDeletedIsLeftOutOfTheUtilization() {
    Pod serving =
        client
            .pods()
            .inNamespace("todo-app")
            .withLabel("app", "todo-frontend")
            .list()
            .getItems()
            .get(0);
    Pod leaving =
        new PodBuilder(serving)
            .editMetadata()
            .withName("todo-frontend-leaving")
            .withResourceVersion(null)
            .withUid(null)
            .addToFinalizers("specops.test/hold")
            .endMetadata()
            .build();
    client.pods().inNamespace("todo-app").resource(leaving).create();
    // a finalizer holds it: the API server marks it deleted (deletionTimestamp) and keeps it
    client.pods().inNamespace("todo-app").withName("todo-frontend-leaving").delete();
    assertThat(
            client
                .pods()
                .inNamespace("todo-app")
                .withName("todo-frontend-leaving")
                .get()
                .getMetadata()
                .getDeletionTimestamp())
        .isNotNull();
    client
        .resource(
            new PodMetricsBuilder()
                .withNewMetadata()
                .withName("todo-frontend-leaving")
                .withNamespace("todo-app")
                .addToLabels("app", "todo-frontend")
                .endMetadata()
                .withTimestamp(time.clock().instant().toString())
                .addNewContainer()
                .withName("todo-frontend")
                .addToUsage("cpu", new Quantity("0"))
                .addToUsage("memory", new Quantity("0"))
                .endContainer()
                .build())
        .inNamespace("todo-app")
        .create();
    MetricsSnapshot snapshot =
        new KubernetesMetricsSource(client, time.clock()).collect(TestBlueprints.frontend());
    assertThat(snapshot.metrics().cpuUtilization())
        .isCloseTo(0.85, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void aBlueprintAskingForAnUnconfiguredSourceGetsAClearNoAction() {
    var routing =
        new RoutingMetricsSource(
            Map.of("simulated", new SimulatedMetricsSource(cluster, client, time.clock())),
            "simulated");
    Blueprint wantsPrometheus =
        BlueprintParser.parse(
            "f.yaml",
            TestBlueprints.yaml("frontend")
                .replace(
                    "dependencies: [todo-backend]",
                    "dependencies: [todo-backend]\n  metrics: {source: prometheus}"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> routing.collect(wantsPrometheus))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessage(
            "metrics source prometheus (f.yaml:spec.metrics.source) is not configured on this worker (configured: simulated)");
    assertThat(routing.collect(TestBlueprints.frontend()).metrics().cpuUtilization())
        .isEqualTo(0.85);
  }

  @Test
  void metricsAreServedInPrometheusTextFormat() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cluster.metricsUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("# TYPE specops_sim_cpu_utilization gauge")
        .contains(
            "specops_sim_cpu_utilization{namespace=\"todo-app\",service=\"todo-frontend\"} 0.85")
        .contains("specops_sim_ready_pods{namespace=\"todo-app\",service=\"todo-backend\"} 3")
        .contains("# TYPE container_cpu_usage_seconds_total counter")
        .contains(
            "kube_pod_container_resource_requests{namespace=\"todo-app\",pod=\""
                + SimulatedPodNames.pod("todo-frontend", 0)
                + "\",container=\"todo-frontend\",resource=\"cpu\",unit=\"core\"} 0.05")
        .contains("# TYPE http_request_duration_seconds histogram")
        .contains(
            "kube_deployment_spec_replicas{namespace=\"todo-app\",deployment=\"todo-frontend\"} 2");
    // the pods are named as a Deployment's are, so the default queries' $pods selects them
    java.util.List<String> pods =
        java.util.regex.Pattern.compile("container_cpu_usage_seconds_total\\{[^}]*pod=\"([^\"]+)\"")
            .matcher(response.body())
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(pods).hasSize(5);
    io.specops.kubernetes.WorkloadRef frontend =
        new io.specops.kubernetes.WorkloadRef("todo-app", "Deployment", "todo-frontend");
    assertThat(pods.stream().filter(p -> io.specops.kubernetes.PodNames.owns(frontend, p)))
        .hasSize(2);
  }
}
