package io.specops.simulation;

import com.sun.net.httpserver.HttpServer;
import io.specops.blueprint.Quantities;
import io.specops.metrics.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves the simulated cluster's metrics at /metrics in Prometheus text format, under the names
 * real clusters use, so a real Prometheus scraping it answers SpecOps' default PromQL: cAdvisor's
 * {@code container_cpu_usage_seconds_total} and {@code container_memory_working_set_bytes} per pod,
 * kube-state-metrics' {@code kube_pod_container_resource_requests}, {@code kube_pod_status_ready}
 * (of the pods asked for, starting ones too) and {@code kube_deployment_*}, and an application's
 * {@code http_requests_total} and {@code http_request_duration_seconds} histogram. Counters grow
 * with the simulated clock at the model's current rates. SpecOps' own summary gauges ({@code
 * specops_sim_*}) are there too, for people.
 */
final class MetricsEndpoint {
  /** Fine buckets around the seeds' latencies, so histogram_quantile interpolates closely. */
  static final double[] BUCKETS = {
    0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16,
    0.17, 0.18, 0.19, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.35, 0.4, 0.5, 0.75, 1, 2, 5
  };

  private final HttpServer server;
  private final Map<String, Counters> counters = new HashMap<>();

  /** Per service: cumulative cpu seconds per pod slot, requests by code, histogram buckets. */
  private static final class Counters {
    Instant last;
    final Map<Integer, Double> cpuSeconds = new HashMap<>();
    double ok;
    double errors;
    final double[] buckets = new double[BUCKETS.length];
    double sum;
  }

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  static MetricsEndpoint start(SimulatedCluster cluster, InetAddress address, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
      MetricsEndpoint endpoint = new MetricsEndpoint(server);
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] body = endpoint.render(cluster).getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve simulated metrics on port " + port, e);
    }
  }

  String url() {
    String host =
        server.getAddress().getAddress().isAnyLocalAddress()
            ? "127.0.0.1"
            : server.getAddress().getHostString();
    return "http://" + host + ":" + port() + "/metrics";
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  synchronized String render(SimulatedCluster cluster) {
    Instant now = cluster.clock().instant();
    StringBuilder out = new StringBuilder();
    header(
        out,
        "container_cpu_usage_seconds_total",
        "counter",
        "Cumulative cpu time consumed (cAdvisor)");
    StringBuilder memory = new StringBuilder();
    header(memory, "container_memory_working_set_bytes", "gauge", "Current working set (cAdvisor)");
    StringBuilder requests = new StringBuilder();
    header(
        requests,
        "kube_pod_container_resource_requests",
        "gauge",
        "Requested resources (kube-state-metrics)");
    StringBuilder podReady = new StringBuilder();
    header(
        podReady,
        "kube_pod_status_ready",
        "gauge",
        "Whether the pod is Ready, per condition status (kube-state-metrics)");
    StringBuilder deployments = new StringBuilder();
    header(
        deployments,
        "kube_deployment_spec_replicas",
        "gauge",
        "Desired replicas (kube-state-metrics)");
    StringBuilder ready = new StringBuilder();
    header(
        ready,
        "kube_deployment_status_replicas_ready",
        "gauge",
        "Ready replicas (kube-state-metrics)");
    StringBuilder http = new StringBuilder();
    header(http, "http_requests_total", "counter", "Requests served, by status code");
    StringBuilder latency = new StringBuilder();
    header(latency, "http_request_duration_seconds", "histogram", "Request latency");

    for (SimulatedService s : cluster.services()) {
      Metrics m = cluster.metrics(s.namespace(), s.name());
      Counters c = counters.computeIfAbsent(s.namespace() + "/" + s.name(), k -> new Counters());
      double dt =
          c.last == null ? 0 : Math.max(0, (now.toEpochMilli() - c.last.toEpochMilli()) / 1000.0);
      c.last = now;
      double cpuRequest =
          Quantities.parseCpuMillis(s.spec().cpuRequest() == null ? "100m" : s.spec().cpuRequest())
              / 1000.0;
      double memoryRequest =
          Quantities.parseMemoryBytes(
              s.spec().memoryRequest() == null ? "128Mi" : s.spec().memoryRequest());
      String ns = "namespace=\"" + s.namespace() + "\"";
      // the pods asked for and not Ready yet: kube-state-metrics exports their requests, and
      // their readiness, before they serve (starting; no cAdvisor series for them here)
      for (int i = s.readyPods(); i < s.desiredReplicas(); i++) {
        String pod = ns + ",pod=\"" + SimulatedPodNames.pod(s.name(), i) + "\"";
        requests(requests, pod, s.name(), cpuRequest, memoryRequest);
        readiness(podReady, pod, false);
      }
      for (int i = 0; i < s.readyPods(); i++) {
        String pod = ns + ",pod=\"" + SimulatedPodNames.pod(s.name(), i) + "\"";
        readiness(podReady, pod, true);
        double cores = m.cpuUtilization() == null ? 0 : m.cpuUtilization() * cpuRequest;
        double total = c.cpuSeconds.merge(i, cores * dt, Double::sum);
        out.append("container_cpu_usage_seconds_total{")
            .append(pod)
            .append(",container=\"")
            .append(s.name())
            .append("\"} ")
            .append(total)
            .append('\n');
        memory
            .append("container_memory_working_set_bytes{")
            .append(pod)
            .append(",container=\"")
            .append(s.name())
            .append("\"} ")
            .append(
                m.memoryUtilization() == null
                    ? 0
                    : Math.round(m.memoryUtilization() * memoryRequest))
            .append('\n');
        requests(requests, pod, s.name(), cpuRequest, memoryRequest);
      }
      String dep = ns + ",deployment=\"" + s.name() + "\"";
      deployments
          .append("kube_deployment_spec_replicas{")
          .append(dep)
          .append("} ")
          .append(s.desiredReplicas())
          .append('\n');
      ready
          .append("kube_deployment_status_replicas_ready{")
          .append(dep)
          .append("} ")
          .append(s.readyPods())
          .append('\n');

      double served = m.throughput() == null ? 0 : m.throughput() * dt;
      double errorShare = m.errorRate() == null ? 0 : m.errorRate();
      c.ok += served * (1 - errorShare);
      c.errors += served * errorShare;
      String svc = ns + ",service=\"" + s.name() + "\"";
      http.append("http_requests_total{")
          .append(svc)
          .append(",code=\"200\"} ")
          .append(c.ok)
          .append('\n');
      http.append("http_requests_total{")
          .append(svc)
          .append(",code=\"500\"} ")
          .append(c.errors)
          .append('\n');
      if (m.latencyP50() != null && m.latencyP95() != null && served > 0) {
        LogNormal d = LogNormal.fit(m.latencyP50() / 1000, m.latencyP95() / 1000);
        for (int b = 0; b < BUCKETS.length; b++) {
          c.buckets[b] += served * d.cdf(BUCKETS[b]);
        }
        c.sum += served * d.mean();
      }
      for (int b = 0; b < BUCKETS.length; b++) {
        latency
            .append("http_request_duration_seconds_bucket{")
            .append(svc)
            .append(",le=\"")
            .append(BUCKETS[b])
            .append("\"} ")
            .append(c.buckets[b])
            .append('\n');
      }
      latency
          .append("http_request_duration_seconds_bucket{")
          .append(svc)
          .append(",le=\"+Inf\"} ")
          .append(c.ok + c.errors)
          .append('\n');
      latency
          .append("http_request_duration_seconds_sum{")
          .append(svc)
          .append("} ")
          .append(c.sum)
          .append('\n');
      latency
          .append("http_request_duration_seconds_count{")
          .append(svc)
          .append("} ")
          .append(c.ok + c.errors)
          .append('\n');
    }
    out.append(memory)
        .append(requests)
        .append(podReady)
        .append(deployments)
        .append(ready)
        .append(http)
        .append(latency);
    summaries(out, cluster);
    return out.toString();
  }

  /** kube-state-metrics' requests of one pod's container. */
  private static void requests(
      StringBuilder out, String pod, String container, double cpuCores, double memoryBytes) {
    out.append("kube_pod_container_resource_requests{")
        .append(pod)
        .append(",container=\"")
        .append(container)
        .append("\",resource=\"cpu\",unit=\"core\"} ")
        .append(cpuCores)
        .append('\n');
    out.append("kube_pod_container_resource_requests{")
        .append(pod)
        .append(",container=\"")
        .append(container)
        .append("\",resource=\"memory\",unit=\"byte\"} ")
        .append((long) memoryBytes)
        .append('\n');
  }

  /** kube-state-metrics' kube_pod_status_ready of one pod: 1 for its condition's status. */
  private static void readiness(StringBuilder out, String pod, boolean ready) {
    for (String condition : new String[] {"true", "false", "unknown"}) {
      out.append("kube_pod_status_ready{")
          .append(pod)
          .append(",condition=\"")
          .append(condition)
          .append("\"} ")
          .append(condition.equals(ready ? "true" : "false") ? 1 : 0)
          .append('\n');
    }
  }

  private static void summaries(StringBuilder out, SimulatedCluster cluster) {
    gauge(
        out,
        cluster,
        "specops_sim_cpu_utilization",
        "CPU usage as a fraction of the request, averaged over ready pods",
        Metrics::cpuUtilization);
    gauge(
        out,
        cluster,
        "specops_sim_memory_utilization",
        "Memory usage as a fraction of the request",
        Metrics::memoryUtilization);
    gauge(
        out,
        cluster,
        "specops_sim_latency_p95_seconds",
        "p95 request latency",
        m -> m.latencyP95() == null ? null : m.latencyP95() / 1000);
    header(out, "specops_sim_ready_pods", "gauge", "Ready pods");
    for (SimulatedService s : cluster.services()) {
      out.append("specops_sim_ready_pods")
          .append(labels(s))
          .append(' ')
          .append(s.readyPods())
          .append('\n');
    }
    header(out, "specops_sim_offered_load_rps", "gauge", "Offered load");
    for (SimulatedService s : cluster.services()) {
      out.append("specops_sim_offered_load_rps")
          .append(labels(s))
          .append(' ')
          .append(cluster.offeredLoad(s.namespace(), s.name()))
          .append('\n');
    }
  }

  private static void gauge(
      StringBuilder out,
      SimulatedCluster cluster,
      String name,
      String help,
      Function<Metrics, Double> value) {
    header(out, name, "gauge", help);
    for (SimulatedService s : cluster.services()) {
      Double v = value.apply(cluster.metrics(s.namespace(), s.name()));
      if (v != null) {
        out.append(name).append(labels(s)).append(' ').append(v).append('\n');
      }
    }
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String labels(SimulatedService s) {
    return "{namespace=\"" + s.namespace() + "\",service=\"" + s.name() + "\"}";
  }

  /** Request latencies as a log-normal distribution through the model's p50 and p95. */
  record LogNormal(double mu, double sigma) {
    static LogNormal fit(double p50, double p95) {
      double mu = Math.log(p50);
      double sigma = Math.max(1e-6, (Math.log(p95) - mu) / 1.6448536);
      return new LogNormal(mu, sigma);
    }

    double cdf(double x) {
      return x <= 0 ? 0 : 0.5 * (1 + erf((Math.log(x) - mu) / (sigma * Math.sqrt(2))));
    }

    double mean() {
      return Math.exp(mu + sigma * sigma / 2);
    }

    /** Abramowitz and Stegun 7.1.26; error below 1.5e-7. */
    static double erf(double z) {
      double t = 1 / (1 + 0.3275911 * Math.abs(z));
      double y =
          1
              - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                      + 0.254829592)
                  * t
                  * Math.exp(-z * z);
      return z >= 0 ? y : -y;
    }
  }
}
