package io.specops.cli;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.client.FleetClient;
import io.specops.json.Json;
import io.specops.metrics.Metrics;
import io.specops.prediction.Forecast;
import io.specops.prediction.Health;
import io.specops.prediction.HealthScore;
import io.specops.prediction.HistoryPoint;
import io.specops.prediction.Predictor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Forecast a service's load and health (seed 002's EMA and trend).",
      "From its metrics history (EMA alpha from the blueprint, trend, horizon), with its health"
          + " score now and as predicted."
    })
final class PredictCommand extends ClientCommand {
  @Parameters(paramLabel = "SERVICE")
  String service;

  @Option(
      names = "--horizon",
      paramLabel = "DURATION",
      converter = Converters.HumanDuration.class,
      description = "How far ahead (default: the blueprint's, 5m)")
  Duration horizon;

  @Option(names = "--json", description = "Print JSON")
  boolean json;

  @Mixin AuditSource audit;

  @Override
  int run(FleetClient client, PrintWriter out) {
    Blueprint bp = client.blueprint(service);
    ServiceHistory found = ServiceHistory.of(client, bp, audit);
    List<HistoryPoint> history = found.points();
    Duration h = horizon != null ? horizon : bp.spec().prediction().horizon();
    Map<String, Forecast> forecasts = forecasts(bp, history, h);
    if (forecasts.isEmpty()) {
      throw new CliException(
          SpecopsCli.INVALID_INPUT,
          service
              + " has "
              + history.size()
              + " evaluations in its history; a forecast needs "
              + Predictor.MIN_SAMPLES
              + " (history: "
              + found.source()
              + ")");
    }
    HistoryPoint last = history.get(history.size() - 1);
    Health now =
        HealthScore.of(
            bp,
            new Metrics(
                last.cpu(),
                last.memory(),
                null,
                last.latencyP95(),
                last.throughput(),
                last.errorRate()));
    Health predicted =
        HealthScore.of(
            bp,
            new Metrics(
                value(forecasts, "cpu", last.cpu()),
                value(forecasts, "memory", last.memory()),
                null,
                value(forecasts, "latency_p95", last.latencyP95()),
                value(forecasts, "throughput", last.throughput()),
                last.errorRate()));
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", service);
      body.put("horizon", Quantities.formatDuration(h));
      body.put("samples", history.size());
      body.put("forecasts", forecasts);
      body.put("health", now);
      body.put("predicted_health", predicted);
      out.println(Json.writePretty(body));
      return 0;
    }
    out.print(render(service, h, history.size(), forecasts, now, predicted));
    return 0;
  }

  static Map<String, Forecast> forecasts(
      Blueprint bp, List<HistoryPoint> history, Duration horizon) {
    double alpha = bp.spec().prediction().alpha();
    Map<String, Function<HistoryPoint, Double>> metrics = new LinkedHashMap<>();
    metrics.put("weighted_utilization", HistoryPoint::weighted);
    metrics.put("cpu", HistoryPoint::cpu);
    metrics.put("memory", HistoryPoint::memory);
    metrics.put("latency_p95", HistoryPoint::latencyP95);
    metrics.put("throughput", HistoryPoint::throughput);
    Map<String, Forecast> out = new LinkedHashMap<>();
    metrics.forEach(
        (name, f) -> {
          Forecast forecast = Predictor.forecast(history, f, name, alpha, horizon);
          if (forecast != null) {
            out.put(name, forecast);
          }
        });
    return out;
  }

  static String render(
      String service,
      Duration horizon,
      int samples,
      Map<String, Forecast> forecasts,
      Health now,
      Health predicted) {
    StringBuilder out =
        new StringBuilder(
            "Load Prediction ("
                + Quantities.formatDuration(horizon)
                + " horizon, "
                + samples
                + " samples): "
                + service
                + "\n");
    forecasts.forEach(
        (name, f) ->
            out.append(
                String.format(
                    "  %-22s %s -> %s   (EMA %s, trend %+.0f%%)%n",
                    name,
                    show(name, f.current()),
                    show(name, f.predicted()),
                    show(name, f.ema()),
                    f.trendFactor() * 100)));
    out.append(String.format("  %-22s %d/100 (%s)%n", "health score", now.score(), now.status()));
    out.append(
        String.format(
            "  %-22s %d/100 (%s)%n", "predicted health", predicted.score(), predicted.status()));
    return out.toString();
  }

  private static String show(String metric, double v) {
    return switch (metric) {
      case "latency_p95" -> Math.round(v) + "ms";
      case "throughput" -> String.format("%.1f rps", v);
      default -> Quantities.formatPercent(v);
    };
  }

  private static Double value(Map<String, Forecast> forecasts, String name, Double fallback) {
    Forecast f = forecasts.get(name);
    return f == null ? fallback : f.predicted();
  }
}
