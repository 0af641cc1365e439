package io.specops.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.blueprint.Blueprint;
import io.specops.forecast.DemandHistory;
import io.specops.json.Json;
import io.specops.kubernetes.WorkloadRef;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Metrics from Prometheus's HTTP API (instant queries, {@link PrometheusQueries}); replica counts
 * from the Kubernetes API. A query with no series (absent, or stale: Prometheus drops series
 * without a sample in its lookback) leaves that metric unobserved, so the decision engine records
 * "insufficient metrics" and does nothing.
 */
public final class PrometheusMetricsSource implements MetricsSource {
  private static final List<String> METRICS =
      List.of("cpu", "memory", "latency_p50", "latency_p95", "throughput", "error_rate");
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

  private final URI prometheus;
  private final KubernetesClient kubernetes;
  private final Clock clock;
  private final PrometheusClock prometheusClock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public PrometheusMetricsSource(URI prometheus, KubernetesClient kubernetes, Clock clock) {
    this.prometheus = prometheus;
    this.kubernetes = kubernetes;
    this.clock = clock;
    this.prometheusClock = new PrometheusClock(prometheus.toString());
  }

  @Override
  public MetricsSnapshot collect(Blueprint bp) {
    WorkloadRef ref = WorkloadRef.of(bp);
    HasMetadata workload = MeasuredWorkload.read(kubernetes, ref);
    Instant at = clock.instant();
    // the six queries go out at once: one after another, six slow answers (each within its 10 s)
    // would outlast the evaluation's 20 s; together they take the slowest one's time
    List<CompletableFuture<Double>> asked =
        METRICS.stream().map(metric -> query(bp, metric)).toList();
    List<Double> values = new ArrayList<>();
    for (CompletableFuture<Double> answer : asked) {
      values.add(await(answer));
    }
    Metrics metrics =
        new Metrics(
            values.get(0),
            values.get(1),
            values.get(2),
            values.get(3),
            values.get(4),
            values.get(5));
    return MeasuredWorkload.snapshot(
        kubernetes,
        bp,
        workload,
        MeasuredWorkload.livePods(kubernetes, workload),
        metrics,
        at,
        "prometheus");
  }

  /**
   * The forecaster's history: a range query of the demand (CPU cores in use) at a 1-minute step,
   * divided by the CPU each pod's utilization is measured against, so the values are pods' worth of
   * requests as cpu utilization x ready pods is. Missing minutes stay missing.
   */
  @Override
  public DemandHistory demandHistory(Blueprint bp, Duration window) {
    Duration step = Duration.ofMinutes(1);
    String promql = PrometheusQueries.forMetric(bp, "demand");
    double perPod = promql == null ? 0 : perPodCpu(bp);
    if (promql == null || perPod <= 0) {
      return DemandHistory.empty(step);
    }
    if (!prometheusClock.known()) {
      await(get("/api/v1/query?query=time()", "time", "time()"));
    }
    // the window ends at Prometheus's now, whatever this worker's clock says
    Instant end = prometheusClock.toPrometheus(clock.instant());
    // a sample at t is the rate over the minute before t: the one at the current minute's start is
    // the last complete one
    long endSecond = end.getEpochSecond() / 60 * 60;
    long startSecond = end.minus(window).getEpochSecond() / 60 * 60;
    JsonNode body =
        await(
            get(
                "/api/v1/query_range?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                    + "&start="
                    + startSecond
                    + "&end="
                    + endSecond
                    + "&step="
                    + step.toSeconds(),
                "demand history",
                promql));
    JsonNode result = oneSeries(body, "demand", promql);
    List<DemandHistory.Point> points = new ArrayList<>();
    if (!result.isEmpty()) {
      for (JsonNode v : result.get(0).path("values")) {
        try {
          double cores = Double.parseDouble(v.path(1).asText());
          if (!Double.isNaN(cores) && !Double.isInfinite(cores)) {
            points.add(
                new DemandHistory.Point(
                    prometheusClock.toWorker(Instant.ofEpochSecond(v.path(0).asLong() - 60)),
                    cores / perPod));
          }
        } catch (NumberFormatException e) {
          // a sample that is not a number is a missing minute
        }
      }
    }
    return new DemandHistory(step, points);
  }

  /**
   * The pods' CPU request as the utilization query divides by it (containers and native sidecars,
   * of the live pods as admitted, else of the workload's template): a blueprint whose cpu_request
   * differs from the template would otherwise put the history in other units than the current
   * demand, and the forecast would be off by their ratio. The blueprint's when the template
   * requests no CPU or cannot be read.
   */
  private double perPodCpu(Blueprint bp) {
    double blueprint = bp.spec().resources().cpuRequestMillis() / 1000.0;
    try {
      HasMetadata workload = MeasuredWorkload.read(kubernetes, WorkloadRef.of(bp));
      double pods =
          MeasuredWorkload.servingCpu(
              kubernetes, workload, MeasuredWorkload.livePods(kubernetes, workload));
      return pods > 0 ? pods : blueprint;
    } catch (MetricsUnavailableException e) {
      return blueprint;
    }
  }

  /**
   * One instant query, evaluated at Prometheus's own time (a worker whose clock is off would ask
   * for a moment Prometheus has no samples for); null when it returns no series or a value that is
   * not a number.
   */
  CompletableFuture<Double> query(Blueprint bp, String metric) {
    String promql = PrometheusQueries.forMetric(bp, metric);
    if (promql == null) {
      return CompletableFuture.completedFuture(null);
    }
    return get(
            "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8),
            metric,
            promql)
        .thenApply(body -> instantValue(body, metric, promql));
  }

  private static Double instantValue(JsonNode body, String metric, String promql) {
    JsonNode result = oneSeries(body, metric, promql);
    if (result.isEmpty()) {
      return null;
    }
    String value = result.get(0).path("value").path(1).asText();
    try {
      double v = Double.parseDouble(value);
      return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The answer's series: none or one. More than one means the query does not aggregate (a per-pod
   * query in spec.metrics.queries, say); taking any one of them would read a single pod, or another
   * workload, as the service, so the collection fails naming the query.
   */
  private static JsonNode oneSeries(JsonNode body, String metric, String promql) {
    JsonNode result = body.path("data").path("result");
    if (!result.isArray()) {
      return Json.mapper().createArrayNode();
    }
    if (result.size() > 1) {
      throw new MetricsUnavailableException(
          "the "
              + metric
              + " query returned "
              + result.size()
              + " series where SpecOps needs one (aggregate it, e.g. sum(...)): "
              + promql);
    }
    return result;
  }

  /**
   * One GET of Prometheus's HTTP API, sent at once: its JSON, or a MetricsUnavailableException
   * naming what failed.
   */
  private CompletableFuture<JsonNode> get(String pathAndQuery, String metric, String promql) {
    URI uri = prometheus.resolve(pathAndQuery);
    Instant sent = clock.instant();
    return http.sendAsync(
            HttpRequest.newBuilder(uri).timeout(QUERY_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                throw new MetricsUnavailableException(
                    "Prometheus at "
                        + prometheus
                        + " unreachable ("
                        + cause.getClass().getSimpleName()
                        + ")",
                    cause);
              }
              JsonNode body = answer(response, metric, promql);
              evaluatedAt(body, sent);
              return body;
            });
  }

  /**
   * An instant query's answer says when Prometheus evaluated it: a sample's time, or a scalar's
   * ({@code time()}). A range query's and an empty answer's say nothing.
   */
  private void evaluatedAt(JsonNode body, Instant sent) {
    JsonNode data = body.path("data");
    JsonNode at =
        switch (data.path("resultType").asText()) {
          case "scalar" -> data.path("result").path(0);
          case "vector" -> data.path("result").path(0).path("value").path(0);
          default -> null;
        };
    if (at != null && at.isNumber()) {
      prometheusClock.evaluatedAt(at.asDouble(), sent, clock.instant());
    }
  }

  private static JsonNode answer(HttpResponse<String> response, String metric, String promql) {
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new MetricsUnavailableException(
          "Prometheus answered " + response.statusCode() + " with no JSON", e);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new MetricsUnavailableException(
          "Prometheus refused the "
              + metric
              + " query ("
              + body.path("error").asText("status " + response.statusCode())
              + "): "
              + promql);
    }
    return body;
  }

  /** A query's answer; its failure as the MetricsUnavailableException it completed with. */
  private static <T> T await(CompletableFuture<T> answer) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsUnavailableException("interrupted while querying Prometheus", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MetricsUnavailableException unavailable) {
        throw unavailable;
      }
      throw new MetricsUnavailableException(
          "Prometheus query failed (" + e.getCause().getClass().getSimpleName() + ")",
          e.getCause());
    }
  }
}
