package io.specops.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.blueprint.Blueprint;
import io.specops.json.Json;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;
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

/**
 * Metrics from Prometheus's HTTP API (instant queries, {@link PrometheusQueries}); replica counts
 * from the Kubernetes API. A query with no series (absent, or stale: Prometheus drops series
 * without a sample in its lookback) leaves that metric unobserved, so the decision engine records
 * "insufficient metrics" and does nothing.
 */
public final class PrometheusMetricsSource implements MetricsSource {
  private final URI prometheus;
  private final KubernetesClient kubernetes;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public PrometheusMetricsSource(URI prometheus, KubernetesClient kubernetes, Clock clock) {
    this.prometheus = prometheus;
    this.kubernetes = kubernetes;
    this.clock = clock;
  }

  @Override
  public MetricsSnapshot collect(Blueprint bp) {
    WorkloadRef ref = WorkloadRef.of(bp);
    HasMetadata workload;
    try {
      workload = Workloads.get(kubernetes, ref);
    } catch (KubernetesClientException e) {
      throw new MetricsUnavailableException("cannot read " + ref + " (Kubernetes API: " + e.getMessage() + ")", e);
    }
    if (workload == null) {
      throw new MetricsUnavailableException("no " + ref.kind() + " " + ref.name() + " in namespace " + ref.namespace());
    }
    Instant at = clock.instant();
    Metrics metrics = new Metrics(query(bp, "cpu", at), query(bp, "memory", at), query(bp, "latency_p50", at),
        query(bp, "latency_p95", at), query(bp, "throughput", at), query(bp, "error_rate", at));
    return new MetricsSnapshot(bp.name(), Workloads.desired(workload), Workloads.running(workload), Workloads.ready(workload),
        metrics, at, "prometheus");
  }

  /** One instant query; null when it returns no series or a value that is not a number. */
  Double query(Blueprint bp, String metric, Instant at) {
    String promql = PrometheusQueries.forMetric(bp, metric);
    if (promql == null) {
      return null;
    }
    URI uri = prometheus.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&time=" + at.getEpochSecond() + "." + String.format("%03d", at.getNano() / 1_000_000));
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new MetricsUnavailableException("Prometheus at " + prometheus + " unreachable (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsUnavailableException("interrupted while querying Prometheus", e);
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new MetricsUnavailableException("Prometheus answered " + response.statusCode() + " with no JSON", e);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new MetricsUnavailableException("Prometheus refused the " + metric + " query (" + body.path("error").asText("status "
          + response.statusCode()) + "): " + promql);
    }
    JsonNode result = body.path("data").path("result");
    if (!result.isArray() || result.isEmpty()) {
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
}
