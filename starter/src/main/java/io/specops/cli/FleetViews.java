package io.specops.cli;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.client.FleetClient;
import io.specops.client.FleetView;
import io.specops.coordination.FleetStatus;
import io.specops.json.Json;
import io.specops.metrics.Metrics;
import io.specops.metrics.PodRequest;
import io.specops.prediction.Health;
import io.specops.prediction.Recommendation;
import io.specops.prediction.Recommender;
import io.specops.service.ReplicaCounts;
import io.specops.service.ServiceStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Seed 003's verbs over a running fleet: list, health, metrics, cost, start SERVICE, stop SERVICE.
 */
final class FleetViews {
  private FleetViews() {}

  abstract static class FleetCommandBase extends ClientCommand {
    @Option(
        names = "--fleet",
        paramLabel = "NAME",
        defaultValue = "default",
        description = "Fleet name (default: ${DEFAULT-VALUE})")
    String fleet;

    @Option(names = "--json", description = "Print JSON (snake_case)")
    boolean json;

    ServiceStatus statusOf(FleetView view, String name) {
      return view.services().stream()
          .filter(s -> s.service().equals(name))
          .findFirst()
          .orElse(null);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the fleet's services with their blueprint's bounds and targets and their state."
      })
  static final class ListServices extends FleetCommandBase {
    @Override
    int run(FleetClient client, PrintWriter out) {
      FleetView view = client.view(fleet);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (FleetStatus.Entry e : view.coordinator().services()) {
        ServiceStatus s = statusOf(view, e.name());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("service", e.name());
        row.put("state", s != null ? s.phase().wire() : e.state());
        row.put("criticality", e.criticality());
        row.put("priority", e.priority());
        if (s != null) {
          ReplicaCounts counts = ReplicaCounts.of(s);
          row.put("replicas", counts == null ? null : counts.desired());
          row.put("min_replicas", s.targets().minReplicas());
          row.put("max_replicas", s.targets().maxReplicas());
          row.put("target_cpu_utilization", s.targets().cpuUtilization());
          row.put("scale_up_threshold", s.targets().scaleUpThreshold());
          row.put("scale_down_threshold", s.targets().scaleDownThreshold());
          row.put("interval", s.targets().interval());
          row.put("blueprint", s.blueprintSource());
        }
        rows.add(row);
      }
      if (json) {
        out.println(Json.writePretty(rows));
        return 0;
      }
      out.printf(
          "%-20s %-18s %-9s %-10s %-6s %-8s %-7s %-11s %s%n",
          "SERVICE",
          "STATE",
          "REPLICAS",
          "BOUNDS",
          "TARGET",
          "UP/DOWN",
          "EVERY",
          "CRITICALITY",
          "BLUEPRINT");
      for (Map<String, Object> r : rows) {
        boolean known = r.containsKey("min_replicas");
        out.printf(
            "%-20s %-18s %-9s %-10s %-6s %-8s %-7s %-11s %s%n",
            r.get("service"),
            r.get("state"),
            r.get("replicas") == null ? "-" : r.get("replicas"),
            known ? r.get("min_replicas") + "-" + r.get("max_replicas") : "-",
            known ? pct(r.get("target_cpu_utilization")) : "-",
            known
                ? pct(r.get("scale_up_threshold")) + "/" + pct(r.get("scale_down_threshold"))
                : "-",
            known ? r.get("interval") : "-",
            r.get("criticality"),
            known ? r.get("blueprint") : "-");
      }
      out.print(view.refusedBlueprints());
      return 0;
    }
  }

  @Command(
      name = "health",
      mixinStandardHelpOptions = true,
      description = {
        "Every service's health score (seed 002) with its four parts: cpu, memory, errors and "
            + "latency.",
        "The score is 0-100 from cpu (30%%), memory (30%%), error rate (20%%) and latency (20%%);"
            + " healthy above 70, degraded 40-70, unhealthy below 40. Exits 1 when a service is "
            + "unhealthy."
      })
  static final class HealthView extends FleetCommandBase {
    @Override
    int run(FleetClient client, PrintWriter out) {
      FleetView view = client.view(fleet);
      List<Map<String, Object>> rows = new ArrayList<>();
      boolean unhealthy = false;
      for (ServiceStatus s : view.services()) {
        Health h = s.health();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("service", s.service());
        row.put("score", h == null ? null : h.score());
        row.put("status", h == null ? "unknown" : h.status());
        row.put("cpu", h == null ? null : h.cpuScore());
        row.put("memory", h == null ? null : h.memoryScore());
        row.put("errors", h == null ? null : h.errorScore());
        row.put("latency", h == null ? null : h.latencyScore());
        unhealthy |= h != null && "unhealthy".equals(h.status());
        rows.add(row);
      }
      if (json) {
        out.println(Json.writePretty(rows));
      } else {
        out.printf(
            "%-20s %6s %-10s %5s %7s %7s %8s%n",
            "SERVICE", "SCORE", "STATUS", "CPU", "MEMORY", "ERRORS", "LATENCY");
        for (Map<String, Object> r : rows) {
          out.printf(
              "%-20s %6s %-10s %5s %7s %7s %8s%n",
              r.get("service"),
              dash(r.get("score")),
              r.get("status"),
              dash(r.get("cpu")),
              dash(r.get("memory")),
              dash(r.get("errors")),
              dash(r.get("latency")));
        }
      }
      return unhealthy ? SpecopsCli.INVALID_INPUT : 0;
    }
  }

  @Command(
      name = "metrics",
      mixinStandardHelpOptions = true,
      description = {
        "The current metrics of every service, or of one: replicas, cpu, memory, latency, "
            + "throughput, errors."
      })
  static final class MetricsView extends FleetCommandBase {
    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "One service (default: all)")
    String service;

    @Override
    int run(FleetClient client, PrintWriter out) {
      List<ServiceStatus> statuses =
          service != null ? List.of(client.status(service)) : client.view(fleet).services();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ServiceStatus s : statuses) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("service", s.service());
        row.put("observed_at", s.observed() == null ? null : s.observed().observedAt());
        row.put("replicas", s.observed() == null ? null : s.observed().replicas());
        row.put("pods_ready", s.observed() == null ? null : s.observed().podsReady());
        row.put("metrics", s.observed() == null ? null : s.observed().metrics());
        rows.add(row);
      }
      if (json) {
        out.println(Json.writePretty(service != null ? rows.get(0) : rows));
        return 0;
      }
      out.printf(
          "%-20s %-9s %6s %7s %9s %9s %10s %7s %s%n",
          "SERVICE", "REPLICAS", "CPU", "MEMORY", "P50", "P95", "RPS", "ERRORS", "OBSERVED");
      for (ServiceStatus s : statuses) {
        Metrics m =
            s.observed() == null || s.observed().metrics() == null
                ? Metrics.none()
                : s.observed().metrics();
        out.printf(
            "%-20s %-9s %6s %7s %9s %9s %10s %7s %s%n",
            s.service(),
            s.observed() == null ? "-" : s.observed().podsReady() + "/" + s.observed().replicas(),
            pct(m.cpuUtilization()),
            pct(m.memoryUtilization()),
            ms(m.latencyP50()),
            ms(m.latencyP95()),
            m.throughput() == null ? "-" : String.format(Locale.ROOT, "%.1f", m.throughput()),
            pct(m.errorRate()),
            s.observed() == null ? "-" : s.observed().observedAt());
      }
      return 0;
    }
  }

  @Command(
      name = "cost",
      mixinStandardHelpOptions = true,
      description = {
        "What each service's requests cost, what of it is idle, and the savings the "
            + "recommendations estimate.",
        "Requested = replicas x what the pods request (as the last evaluation"
            + " read it); used = requested x utilization; prices per core-hour "
            + "and GiB-hour are list prices by default (GKE Autopilot-like); set yours with --cpu-price"
            + " and --memory-price."
      })
  static final class CostView extends FleetCommandBase {
    @Option(
        names = "--cpu-price",
        defaultValue = "0.0445",
        paramLabel = "USD",
        description = "Price of one CPU core for an hour (default: ${DEFAULT-VALUE})")
    double cpuPrice;

    @Option(
        names = "--memory-price",
        defaultValue = "0.0049",
        paramLabel = "USD",
        description = "Price of one GiB of memory for an hour (default: ${DEFAULT-VALUE})")
    double memoryPrice;

    @Mixin AuditSource audit;

    @Override
    int run(FleetClient client, PrintWriter out) {
      FleetView view = client.view(fleet);
      List<Map<String, Object>> rows = new ArrayList<>();
      double total = 0;
      double idleTotal = 0;
      double savingsTotal = 0;
      for (ServiceStatus s : view.services()) {
        Blueprint bp = client.blueprint(s.service());
        int replicas = s.observed() == null ? 0 : s.observed().replicas();
        // what the pods request (template or admitted pods), which the cluster reserves; the
        // blueprint's when not observed yet
        PodRequest pods = s.observed() == null ? null : s.observed().podRequest();
        long cpuPerPod = pods == null ? bp.spec().resources().cpuRequestMillis() : pods.cpuMillis();
        long memoryPerPod =
            pods == null ? bp.spec().resources().memoryRequestBytes() : pods.memoryBytes();
        double cores = replicas * cpuPerPod / 1000.0;
        double gib = replicas * memoryPerPod / (1024.0 * 1024 * 1024);
        Metrics m =
            s.observed() == null || s.observed().metrics() == null
                ? Metrics.none()
                : s.observed().metrics();
        double perHour = cores * cpuPrice + gib * memoryPrice;
        double used =
            (m.cpuUtilization() == null ? 0 : Math.min(1, m.cpuUtilization())) * cores * cpuPrice
                + (m.memoryUtilization() == null ? 0 : Math.min(1, m.memoryUtilization()))
                    * gib
                    * memoryPrice;
        Recommender.Result rec =
            Recommender.analyze(
                bp,
                ServiceHistory.of(client, bp, audit).points(),
                s.observed() == null ? null : s.observed().serving());
        double savingsShare =
            rec.recommendations().stream()
                    .filter(r -> r.estimatedSavingsPercent() != null)
                    .mapToInt(Recommendation::estimatedSavingsPercent)
                    .max()
                    .orElse(0)
                / 100.0;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("service", s.service());
        row.put("replicas", replicas);
        row.put("cpu_cores_requested", round(cores));
        row.put("memory_gib_requested", round(gib));
        row.put("cost_per_hour", round(perHour));
        row.put("cost_per_month", round(perHour * 730));
        row.put("idle_per_month", round((perHour - used) * 730));
        row.put("estimated_savings_per_month", round(perHour * savingsShare * 730));
        rows.add(row);
        total += perHour * 730;
        idleTotal += (perHour - used) * 730;
        savingsTotal += perHour * savingsShare * 730;
      }
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("cpu_price_per_core_hour", cpuPrice);
        doc.put("memory_price_per_gib_hour", memoryPrice);
        doc.put("services", rows);
        doc.put("total_per_month", round(total));
        doc.put("idle_per_month", round(idleTotal));
        doc.put("estimated_savings_per_month", round(savingsTotal));
        out.println(Json.writePretty(doc));
        return 0;
      }
      out.printf(
          "%-20s %8s %8s %8s %12s %12s %12s%n",
          "SERVICE", "REPLICAS", "CORES", "GiB", "$/MONTH", "IDLE $/MONTH", "SAVINGS $/MO");
      for (Map<String, Object> r : rows) {
        out.printf(
            Locale.ROOT,
            "%-20s %8s %8.2f %8.2f %12.2f %12.2f %12.2f%n",
            r.get("service"),
            r.get("replicas"),
            (Double) r.get("cpu_cores_requested"),
            (Double) r.get("memory_gib_requested"),
            (Double) r.get("cost_per_month"),
            (Double) r.get("idle_per_month"),
            (Double) r.get("estimated_savings_per_month"));
      }
      out.printf(
          Locale.ROOT,
          "%-20s %8s %8s %8s %12.2f %12.2f %12.2f%n",
          "total",
          "",
          "",
          "",
          total,
          idleTotal,
          savingsTotal);
      out.printf(
          Locale.ROOT,
          "prices: $%.4f per core-hour, $%.4f per GiB-hour, 730 hours a month; savings from "
              + "`specops recommend`%n",
          cpuPrice,
          memoryPrice);
      return 0;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start one service's workflow again after `specops stop SERVICE` (the whole fleet: "
            + "specops fleet start)."
      })
  static final class StartService extends ClientCommand {
    @Parameters(
        paramLabel = "SERVICE",
        description = "The service (the whole fleet: specops fleet start)")
    String service;

    @Option(
        names = "--fleet",
        paramLabel = "NAME",
        defaultValue = "default",
        description = "Fleet name (default: ${DEFAULT-VALUE})")
    String fleet;

    @Override
    int run(FleetClient client, PrintWriter out) {
      FleetStatus.Entry e = client.startService(fleet, service);
      out.println("starting " + service + " (" + e.workflowId() + ") on its last blueprint");
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop one service's workflow; it stays stopped (reloads too) until `specops start "
            + "SERVICE`.",
        "Its Deployment keeps its replicas. The whole fleet: specops fleet stop. To stop "
            + "evaluating but keep the workflow: specops pause SERVICE."
      })
  static final class StopService extends ClientCommand {
    @Parameters(
        paramLabel = "SERVICE",
        description = "The service (the whole fleet: specops fleet stop)")
    String service;

    @Option(
        names = "--fleet",
        paramLabel = "NAME",
        defaultValue = "default",
        description = "Fleet name (default: ${DEFAULT-VALUE})")
    String fleet;

    @Override
    int run(FleetClient client, PrintWriter out) {
      FleetStatus.Entry e = client.stopService(fleet, service);
      out.println(
          "stopping "
              + service
              + " ("
              + e.workflowId()
              + "); it stays stopped until: specops start "
              + service);
      return 0;
    }
  }

  static String pct(Object v) {
    return v instanceof Double d ? Quantities.formatPercent(d) : "-";
  }

  private static String dash(Object v) {
    return v == null ? "-" : v.toString();
  }

  private static String ms(Double v) {
    return v == null ? "-" : Math.round(v) + "ms";
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
