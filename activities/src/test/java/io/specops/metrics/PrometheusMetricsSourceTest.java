package io.specops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.TestBlueprints;
import io.specops.kubernetes.CrudKubernetesServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus source against a stand-in for Prometheus's HTTP API that answers slowly: the
 * evaluation that calls it has 20 s (collect, decide and govern), and each query may take up to its
 * 10 s.
 */
class PrometheusMetricsSourceTest {

  final Blueprint bp = TestBlueprints.frontend();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  final AtomicInteger queries = new AtomicInteger();
  KubernetesMockServer kube;
  KubernetesClient kubernetes;
  HttpServer prometheus;
  volatile String refused;
  volatile String perPod;
  volatile Duration delay = Duration.ZERO;
  final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    kube = CrudKubernetesServer.start();
    kubernetes = kube.createClient();
    kubernetes
        .apps()
        .deployments()
        .inNamespace("todo-app")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("todo-frontend")
                .withNamespace("todo-app")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .withNewStatus()
                .withReplicas(3)
                .withReadyReplicas(3)
                .endStatus()
                .build())
        .create();
    prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // a real Prometheus serves queries side by side
    prometheus.setExecutor(Executors.newCachedThreadPool());
    prometheus.createContext("/api/v1/query", this::answerSlowly);
    prometheus.start();
  }

  @AfterEach
  void stop() {
    prometheus.stop(0);
    kubernetes.close();
    kube.destroy();
  }

  private void answerSlowly(HttpExchange exchange) throws IOException {
    queries.incrementAndGet();
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
    String query =
        URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
    asked.add(exchange.getRequestURI().getPath() + "?" + query);
    // a real Prometheus evaluates an instant query at its own time, and says when
    String now = String.format(java.util.Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0);
    String body =
        query.equals("query=time()")
            ? "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":["
                + now
                + ",\""
                + now
                + "\"]}}"
            : exchange.getRequestURI().getPath().endsWith("query_range")
                ? "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                    + "[{\"metric\":{},\"values\":[[1700000040,\"0.6\"],[1700000100,\"1.2\"]]}]}}"
                : refused != null && query.contains(refused)
                    ? "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}"
                    : perPod != null && query.contains(perPod)
                        ? "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                            + "{\"metric\":{\"pod\":\"todo-frontend-5d8f7c9b4-x2k9p\"},\"value\":["
                            + now
                            + ",\"0.9\"]},"
                            + "{\"metric\":{\"pod\":\"todo-frontend-5d8f7c9b4-b7q4z\"},\"value\":["
                            + now
                            + ",\"0.2\"]}"
                            + "]}}"
                        : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                            + "[{\"metric\":{},\"value\":["
                            + now
                            + ",\"0.5\"]}]}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(body.contains("error") ? 400 : 200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private PrometheusMetricsSource source() {
    return source(Clock.systemUTC());
  }

  private PrometheusMetricsSource source(Clock clock) {
    return new PrometheusMetricsSource(
        URI.create("http://127.0.0.1:" + prometheus.getAddress().getPort()), kubernetes, clock);
  }

  /**
   * A worker whose clock is 10 minutes off Prometheus's, ahead or behind: its instant queries are
   * evaluated at Prometheus's time (asked at the worker's, they named a moment with no samples, and
   * every metric read missing), and its demand history ends at Prometheus's now, its samples put
   * back on the worker's clock.
   */
  @Test
  void aWorkerWhoseClockIsOffQueriesAtPrometheussTime() {
    for (Duration off : List.of(Duration.ofMinutes(10), Duration.ofMinutes(-10))) {
      asked.clear();
      PrometheusMetricsSource source = source(Clock.offset(Clock.systemUTC(), off));
      MetricsSnapshot seen = source.collect(bp);
      assertThat(seen.metrics().cpuUtilization()).isEqualTo(0.5);
      assertThat(asked).hasSize(6).noneMatch(q -> q.contains("&time="));

      var history = source.demandHistory(bp, Duration.ofHours(1));
      String range =
          asked.stream().filter(q -> q.contains("query_range")).findFirst().orElseThrow();
      long end = Long.parseLong(range.replaceAll(".*&end=(\\d+).*", "$1"));
      assertThat(end)
          .as("the window ends at Prometheus's now, not the worker's (%s off)", off)
          .isBetween(Instant.now().getEpochSecond() - 120, Instant.now().getEpochSecond());
      // the stand-in's samples at 1700000040 and ...100 cover the minutes before them
      assertThat(history.points().getFirst().at())
          .isCloseTo(
              Instant.ofEpochSecond(1_699_999_980).plus(off),
              org.assertj.core.api.Assertions.within(2, java.time.temporal.ChronoUnit.SECONDS));
    }
  }

  /** A history asked for before any instant query first asks Prometheus its time. */
  @Test
  void aDemandHistoryAskedFirstLearnsPrometheussTimeWithOneQuery() {
    PrometheusMetricsSource source = source(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    source.demandHistory(bp, Duration.ofHours(1));
    assertThat(asked).hasSize(2);
    assertThat(asked.getFirst()).endsWith("query=time()");
    long end = Long.parseLong(asked.get(1).replaceAll(".*&end=(\\d+).*", "$1"));
    assertThat(end).isBetween(Instant.now().getEpochSecond() - 120, Instant.now().getEpochSecond());
    source.demandHistory(bp, Duration.ofHours(1));
    assertThat(asked).as("known once").hasSize(3);
  }

  @Test
  void slowAnswersToEveryQueryStillFitTheEvaluationBecauseTheQueriesGoOutTogether() {
    delay = Duration.ofSeconds(4);
    Instant began = Instant.now();
    MetricsSnapshot seen = source().collect(bp);
    Duration took = Duration.between(began, Instant.now());

    assertThat(queries.get()).isEqualTo(6);
    // one after another, six answers of 4 s each took 24 s, past the evaluation's 20 s
    assertThat(mostInFlight.get()).as("queries in flight at once").isEqualTo(6);
    assertThat(took).isLessThan(Duration.ofSeconds(12));
    assertThat(seen.metrics().cpuUtilization()).isEqualTo(0.5);
    assertThat(seen.metrics().errorRate()).isEqualTo(0.5);
    assertThat(seen.podsReady()).isEqualTo(3);
    assertThat(seen.source()).isEqualTo("prometheus");
  }

  @Test
  void aRefusedQueryFailsTheCollectionNamingTheMetricAndItsQuery() {
    refused = "container_memory";
    assertThatThrownBy(() -> source().collect(bp))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessageContaining("Prometheus refused the memory query (parse error)")
        .hasMessageContaining(PrometheusQueries.forMetric(bp, "memory"));
  }

  /**
   * A query in spec.metrics.queries that does not aggregate answers one series per pod; reading the
   * first would take one pod's cpu for the service's (0.9 here, where the two average 0.55).
   */
  @Test
  void aQueryAnsweringSeveralSeriesFailsTheCollectionNamingIt() {
    perPod = "per_pod_cpu";
    Blueprint perPodCpu =
        io.specops.blueprint.BlueprintParser.parse(
            "frontend.yaml",
            TestBlueprints.yaml("frontend")
                .replace(
                    "dependencies: [todo-backend]",
                    "dependencies: [todo-backend]\n  metrics:\n    queries: {cpu: 'per_pod_cpu'}"));
    assertThatThrownBy(() -> source().collect(perPodCpu))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessage(
            "the cpu query returned 2 series where SpecOps needs one (aggregate it, e.g."
                + " sum(...)): per_pod_cpu");
  }

  /**
   * The frontend's blueprint says cpu_request 50m; its pods request 250m in the container plus a
   * 50m native sidecar (what the utilization divides by) after a 1-cpu init step (what the
   * scheduler reserves while it runs). The history of cores in use is in pods' worth of the 300m,
   * as the current cpu utilization x ready pods is: divided by the blueprint's 50m it read 6 x the
   * demand. The snapshot carries the 1 000m a new pod takes on a node.
   */
  @Test
  void theDemandHistoryIsInPodsWorthOfWhatThePodTemplateRequests() {
    editFrontend(
        d ->
            new DeploymentBuilder(d)
                .editSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewInitContainer()
                .withName("migrate")
                .withNewResources()
                .addToRequests("cpu", new Quantity("1"))
                .endResources()
                .endInitContainer()
                .addNewInitContainer()
                .withName("proxy")
                .withRestartPolicy("Always")
                .withNewResources()
                .addToRequests("cpu", new Quantity("50m"))
                .endResources()
                .endInitContainer()
                .addNewContainer()
                .withName("app")
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());

    assertThat(source().demandHistory(bp, Duration.ofHours(1)).points())
        .extracting(p -> Math.round(p.value() * 1e9) / 1e9)
        .containsExactly(2.0, 4.0);
    assertThat(source().collect(bp).podRequest()).isEqualTo(new PodRequest(1000, 256L << 20));
  }

  /**
   * The template asks 300m; admission injected a 100m proxy into the live pods, and the utilization
   * divides by their 400m (kube-state-metrics exports what the pods request). The history of 0.6
   * and 1.2 cores in use is 1.5 and 3 pods' worth of that, as the current cpu utilization x ready
   * pods is; divided by the template's 300m it read 2 and 4, a third over.
   */
  @Test
  void theDemandHistoryIsInPodsWorthOfWhatTheAdmittedPodsRequest() {
    editFrontend(
        d ->
            new DeploymentBuilder(d)
                .editSpec()
                .withNewSelector()
                .addToMatchLabels("app", "todo-frontend")
                .endSelector()
                .withNewTemplate()
                .withNewSpec()
                .addToContainers(cpuContainer("app", "300m"))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
    for (String name : List.of("todo-frontend-5d8f7c9b4-x2k9p", "todo-frontend-5d8f7c9b4-b7q4z")) {
      kubernetes
          .pods()
          .inNamespace("todo-app")
          .resource(
              new io.fabric8.kubernetes.api.model.PodBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace("todo-app")
                  .addToLabels("app", "todo-frontend")
                  .endMetadata()
                  .withNewSpec()
                  .addToContainers(cpuContainer("app", "300m"), cpuContainer("istio-proxy", "100m"))
                  .endSpec()
                  .build())
          .create();
    }
    assertThat(source().demandHistory(bp, Duration.ofHours(1)).points())
        .extracting(p -> Math.round(p.value() * 1e9) / 1e9)
        .containsExactly(1.5, 3.0);
    MetricsSnapshot now = source().collect(bp);
    assertThat(now.podRequest().cpuMillis()).isEqualTo(400);
    // the history and the decision's cores in the same units
    assertThat(now.serving().cpuMillis()).isEqualTo(400);
  }

  private void editFrontend(
      java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.apps.Deployment> edit) {
    kubernetes.apps().deployments().inNamespace("todo-app").withName("todo-frontend").edit(edit);
  }

  private static io.fabric8.kubernetes.api.model.Container cpuContainer(String name, String cpu) {
    return new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withName(name)
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .endResources()
        .build();
  }

  @Test
  void withoutATemplateRequestTheDemandHistoryFallsBackToTheBlueprintsCpuRequest() {
    assertThat(source().demandHistory(bp, Duration.ofHours(1)).points())
        .extracting(p -> Math.round(p.value() * 1e9) / 1e9)
        .containsExactly(12.0, 24.0);
  }

  @Test
  void anUnreachablePrometheusFailsTheCollectionSayingSo() {
    prometheus.stop(0);
    assertThatThrownBy(() -> source().collect(bp))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessageContaining("unreachable (ConnectException)");
  }
}
