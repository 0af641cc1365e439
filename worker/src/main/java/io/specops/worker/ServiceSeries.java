package io.specops.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A service over time, for its chart (docs/operations.md "The web page"): one point per evaluation,
 * read from its decision records (every evaluation writes one: replicas desired and ready, weighted
 * utilization, cpu, the demand and the forecast's peak and upper bound), and a marker per decision
 * to scale, approval, deferral and operation outcome, with its rationale.
 */
record ServiceSeries(
    String service,
    Instant since,
    String unit,
    Thresholds thresholds,
    List<Point> points,
    List<Marker> markers) {

  /** The blueprint's lines: utilization thresholds and target, replica bounds. */
  record Thresholds(
      double scaleUp, double scaleDown, double targetCpu, int minReplicas, int maxReplicas) {}

  /** One evaluation. {@code t} in epoch seconds (what the chart library takes). */
  record Point(
      long t,
      Integer replicas,
      Integer ready,
      Double weighted,
      Double cpu,
      Double demand,
      Double forecastPeak,
      Double forecastUpper,
      Integer replicasForPeak) {}

  /**
   * Something that happened: kind decision, approval, deferral or outcome; the label is short, the
   * text says why.
   */
  record Marker(long t, String kind, String label, String text, String decisionId) {}

  static final int MAX_POINTS = 3000;

  static ServiceSeries of(
      String service, Instant since, Thresholds thresholds, List<JsonNode> records) {
    List<Point> points = new ArrayList<>();
    List<Marker> markers = new ArrayList<>();
    String unit = null;
    for (JsonNode r : records) {
      long t = Instant.parse(r.path("timestamp").asText()).getEpochSecond();
      String type = r.path("record_type").asText();
      String decision = r.path("decision_id").asText(null);
      switch (type) {
        case "decision" -> {
          JsonNode observed = r.path("observed");
          JsonNode forecast = r.path("forecast");
          if (forecast.hasNonNull("unit")) {
            unit = forecast.get("unit").asText();
          }
          points.add(
              new Point(
                  t,
                  integer(observed.path("replicas"), r.path("current_replicas")),
                  integer(observed.path("pods_ready"), null),
                  number(r.path("weighted_utilization")),
                  number(observed.path("metrics").path("cpu_utilization")),
                  number(forecast.path("current")),
                  number(forecast.path("peak")),
                  number(forecast.path("upper_peak")),
                  integer(forecast.path("replicas_for_peak"), null)));
          String action = r.path("action").asText();
          if (action.equals("scale_up") || action.equals("scale_down")) {
            markers.add(
                new Marker(
                    t,
                    "decision",
                    action
                        + " "
                        + r.path("current_replicas").asInt()
                        + "→"
                        + r.path("target_replicas").asInt(),
                    r.path("rationale").asText(),
                    decision));
          }
        }
        case "approval" -> {
          String event = r.path("event").asText();
          String who = r.hasNonNull("approver") ? " by " + r.get("approver").asText() : "";
          markers.add(
              new Marker(
                  t,
                  "approval",
                  "approval " + event + who,
                  text(r, "reason", "comment"),
                  decision));
        }
        case "control" -> {
          if ("deferred".equals(r.path("event").asText())) {
            markers.add(new Marker(t, "deferral", "deferred", r.path("reason").asText(), decision));
          }
        }
        case "outcome" ->
            markers.add(
                new Marker(
                    t,
                    "outcome",
                    r.path("action").asText()
                        + " "
                        + r.path("from_replicas").asInt()
                        + "→"
                        + r.path("to_replicas").asInt()
                        + " "
                        + r.path("outcome").asText(),
                    text(r, "improvement", "outcome"),
                    decision));
        default -> {
          // executions and verifications are summed up by the outcome marker
        }
      }
    }
    return new ServiceSeries(service, since, unit, thresholds, thin(points), markers);
  }

  /** At most MAX_POINTS, evenly taken, the last one kept: a chart of days stays light. */
  private static List<Point> thin(List<Point> points) {
    if (points.size() <= MAX_POINTS) {
      return points;
    }
    List<Point> out = new ArrayList<>(MAX_POINTS);
    double stride = (double) points.size() / MAX_POINTS;
    for (int i = 0; i < MAX_POINTS - 1; i++) {
      out.add(points.get((int) (i * stride)));
    }
    out.add(points.get(points.size() - 1));
    return out;
  }

  private static String text(JsonNode r, String first, String second) {
    return r.hasNonNull(first) ? r.get(first).asText() : r.path(second).asText("");
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  private static Integer integer(JsonNode n, JsonNode fallback) {
    if (n.isNumber()) {
      return n.asInt();
    }
    return fallback != null && fallback.isNumber() ? fallback.asInt() : null;
  }
}
