package io.specops.simulation;

import com.sun.net.httpserver.HttpServer;
import io.specops.metrics.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the simulated services' metrics in Prometheus text format at /metrics, so a real
 * Prometheus can scrape the simulated cluster.
 */
final class MetricsEndpoint {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  static MetricsEndpoint start(SimulatedCluster cluster, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.createContext("/metrics", exchange -> {
        byte[] body = render(cluster).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return new MetricsEndpoint(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve simulated metrics on port " + port, e);
    }
  }

  String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port() + "/metrics";
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  static String render(SimulatedCluster cluster) {
    StringBuilder out = new StringBuilder();
    gauge(out, cluster, "specops_sim_cpu_utilization", "CPU usage as a fraction of the request, averaged over ready pods", Metrics::cpuUtilization);
    gauge(out, cluster, "specops_sim_memory_utilization", "Memory usage as a fraction of the request", Metrics::memoryUtilization);
    gauge(out, cluster, "specops_sim_latency_p50_seconds", "p50 request latency", m -> m.latencyP50() == null ? null : m.latencyP50() / 1000);
    gauge(out, cluster, "specops_sim_latency_p95_seconds", "p95 request latency", m -> m.latencyP95() == null ? null : m.latencyP95() / 1000);
    gauge(out, cluster, "specops_sim_throughput_rps", "Requests served per second", Metrics::throughput);
    gauge(out, cluster, "specops_sim_error_ratio", "Share of requests that failed", Metrics::errorRate);
    out.append("# HELP specops_sim_ready_pods Ready pods\n# TYPE specops_sim_ready_pods gauge\n");
    for (SimulatedService s : cluster.services()) {
      out.append("specops_sim_ready_pods").append(labels(s)).append(' ').append(s.readyPods()).append('\n');
    }
    out.append("# HELP specops_sim_offered_load_rps Offered load\n# TYPE specops_sim_offered_load_rps gauge\n");
    for (SimulatedService s : cluster.services()) {
      out.append("specops_sim_offered_load_rps").append(labels(s)).append(' ')
          .append(cluster.offeredLoad(s.namespace(), s.name())).append('\n');
    }
    return out.toString();
  }

  private static void gauge(StringBuilder out, SimulatedCluster cluster, String name, String help,
      java.util.function.Function<Metrics, Double> value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    for (SimulatedService s : cluster.services()) {
      Double v = value.apply(cluster.metrics(s.namespace(), s.name()));
      if (v != null) {
        out.append(name).append(labels(s)).append(' ').append(v).append('\n');
      }
    }
  }

  private static String labels(SimulatedService s) {
    return "{namespace=\"" + s.namespace() + "\",service=\"" + s.name() + "\"}";
  }
}
