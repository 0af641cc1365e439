package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.client.FleetClient;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.json.Json;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.PrometheusMetricsSource;
import io.specops.service.OperationResult;
import io.specops.service.ServiceStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scraping the simulated cluster and the worker: SpecOps reads
 * its service metrics through PromQL and scales on them, and Prometheus reads SpecOps' own metrics
 * back.
 */
class PrometheusIT {
  @TempDir Path work;

  @Test
  void theFleetScalesOnMetricsReadFromPrometheusAndPrometheusScrapesTheWorker() throws Exception {
    int promPort = TestWorker.freePort();
    int simPort = TestWorker.freePort();
    int httpPort = TestWorker.freePort();
    Path config = work.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: simulated-cluster
            static_configs: [{targets: ['127.0.0.1:%d']}]
          - job_name: specops-worker
            metrics_path: /actuator/prometheus
            static_configs: [{targets: ['127.0.0.1:%d']}]
        """
            .formatted(simPort, httpPort));
    try (ExternalProcess prometheus =
        ExternalProcess.start(
            "prometheus",
            List.of(
                Tools.prometheus(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort,
                "--storage.tsdb.retention.time=1h"),
            work.resolve("prometheus.log"),
            promPort,
            Duration.ofSeconds(30))) {
      // the frontend evaluates every 5 s so the test need not wait 30 s between looks
      Path blueprints = Files.createDirectories(work.resolve("bp"));
      Files.writeString(
          blueprints.resolve("frontend.yaml"),
          TestBlueprints.yaml("frontend")
              .replace(
                  "dependencies: [todo-backend]",
                  "dependencies: [todo-backend]\n  evaluation: {interval: 5s}"));
      Files.writeString(blueprints.resolve("backend.yaml"), TestBlueprints.yaml("backend"));
      try (TestWorker worker =
          TestWorker.start(
              work,
              "seed-001",
              false,
              "--server.port=" + httpPort,
              "--specops.simulated-metrics-port=" + simPort,
              "--specops.metrics.prometheus-url=http://127.0.0.1:" + promPort,
              "--specops.metrics.default-source=prometheus")) {
        URI prom = URI.create("http://127.0.0.1:" + promPort);
        var kubernetes =
            worker.context().getBean(io.fabric8.kubernetes.client.KubernetesClient.class);
        PrometheusMetricsSource source =
            new PrometheusMetricsSource(prom, kubernetes, Clock.systemUTC());
        // rate(...[1m]) divides by the whole minute: it reads true once Prometheus has a minute of
        // samples
        MetricsSnapshot seen =
            await()
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                    () -> source.collect(TestBlueprints.frontend()),
                    s ->
                        s.metrics().cpuUtilization() != null
                            && s.metrics().cpuUtilization() > 0.83
                            && s.metrics().latencyP95() != null);
        System.out.println("todo-frontend through Prometheus: " + Json.write(seen.metrics()));
        assertThat(seen.source()).isEqualTo("prometheus");
        assertThat(seen.metrics().cpuUtilization()).isCloseTo(0.85, Offset.offset(0.03));
        assertThat(seen.metrics().memoryUtilization()).isCloseTo(0.70, Offset.offset(0.01));
        assertThat(seen.metrics().latencyP95()).isCloseTo(180.0, Offset.offset(12.0));
        assertThat(seen.metrics().throughput()).isCloseTo(180.0, Offset.offset(10.0));
        assertThat(seen.metrics().errorRate()).isCloseTo(0.005, Offset.offset(0.002));

        // a worker whose clock is 10 minutes off Prometheus's, ahead or behind, reads the same
        // metrics (asked at its own time, every query named a moment without samples), and its
        // demand history ends at Prometheus's now, put back on the worker's clock
        for (Duration off : List.of(Duration.ofMinutes(10), Duration.ofMinutes(-10))) {
          PrometheusMetricsSource skewed =
              new PrometheusMetricsSource(prom, kubernetes, Clock.offset(Clock.systemUTC(), off));
          MetricsSnapshot read = skewed.collect(TestBlueprints.frontend());
          assertThat(read.metrics().cpuUtilization())
              .as("cpu read by a worker %s off", off)
              .isNotNull()
              .isCloseTo(0.85, Offset.offset(0.03));
          var history = skewed.demandHistory(TestBlueprints.frontend(), Duration.ofMinutes(30));
          assertThat(history.points()).as("the history of a worker %s off", off).isNotEmpty();
          assertThat(history.points().getLast().at())
              .isCloseTo(
                  Instant.now().plus(off),
                  org.assertj.core.api.Assertions.within(3, java.time.temporal.ChronoUnit.MINUTES));
        }

        // an absent series is "insufficient metrics", never a scale
        var absent =
            BlueprintParser.parse(
                "x.yaml",
                TestBlueprints.yaml("frontend")
                    .replace(
                        "dependencies: [todo-backend]",
                        "dependencies: [todo-backend]\n  metrics:\n    queries: {cpu: 'sum(no_such_series)'}"));
        MetricsSnapshot missing = source.collect(absent);
        assertThat(missing.metrics().cpuUtilization()).isNull();
        assertThat(
                new DecisionEngine()
                    .decide(absent, missing, DecisionContext.at(Instant.now(), 1))
                    .rationale())
            .startsWith("Insufficient metrics: cpu_utilization missing");

        // the worker itself scales the frontend on what Prometheus says
        FleetClient client = DashboardIT.client(worker.target());
        client.startFleet("default", null, blueprints.toString(), null, null);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  ServiceStatus s = client.status("todo-frontend");
                  return s.lastOperation() != null
                      && s.lastOperation().outcome() == OperationResult.VERIFIED;
                });
        ServiceStatus frontend = client.status("todo-frontend");
        assertThat(frontend.observed().source()).isEqualTo("prometheus");
        assertThat(frontend.lastOperation().toReplicas()).isEqualTo(3);

        // and Prometheus has the worker's own metrics
        JsonNode decisions =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> promQuery(prom, "sum(specops_decisions_total)"),
                    r -> r.path("data").path("result").size() > 0);
        System.out.println(
            "sum(specops_decisions_total) in Prometheus: "
                + decisions.at("/data/result/0/value/1").asText());
        assertThat(decisions.at("/data/result/0/value/1").asDouble()).isGreaterThan(0);
        JsonNode sdk = promQuery(prom, "count({__name__=~\"temporal_.*\"})");
        assertThat(sdk.at("/data/result/0/value/1").asDouble()).isGreaterThan(0);
      }
    }
  }

  static JsonNode promQuery(URI prom, String promql) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        prom.resolve(
                            "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }
}
