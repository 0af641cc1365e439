package io.specops.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.specops.json.Json;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's metrics history from its audit trail: every evaluation writes a decision record with
 * what it observed, the watcher's as well as the workflow's. A watched service's workflow keeps
 * only the evaluations it ran itself (its wake-ups), so seed 002's forecasts and recommendations
 * read the trail too.
 */
public final class AuditedHistory {
  private AuditedHistory() {}

  /** The query for a service's decision records since {@code since}. */
  public static AuditQuery query(String service, Instant since) {
    return new AuditQuery(since, service, null, "decision", 100_000);
  }

  /** One point per decision record that holds metrics, oldest first. */
  public static List<HistoryPoint> points(Collection<JsonNode> decisionRecords) {
    Map<Instant, HistoryPoint> byTime = new TreeMap<>();
    for (JsonNode r : decisionRecords) {
      JsonNode observed = r.get("observed");
      if (observed == null || observed.isNull() || observed.path("metrics").isNull()) {
        continue;
      }
      try {
        MetricsSnapshot s = Json.mapper().treeToValue(observed, MetricsSnapshot.class);
        if (s.metrics() == null || s.observedAt() == null) {
          continue;
        }
        JsonNode weighted = r.get("weighted_utilization");
        byTime.put(
            s.observedAt(),
            HistoryPoint.of(
                s, weighted == null || !weighted.isNumber() ? null : weighted.asDouble()));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        // a record this version cannot read adds no point
      }
    }
    return List.copyOf(byTime.values());
  }

  /**
   * The two histories as one, oldest first, the newest {@code limit}: a point in both (the
   * workflow's own evaluation, also in the trail) counted once.
   */
  public static List<HistoryPoint> merge(
      List<HistoryPoint> workflow, List<HistoryPoint> audited, int limit) {
    Map<Instant, HistoryPoint> byTime = new TreeMap<>();
    audited.forEach(p -> byTime.put(p.at(), p));
    workflow.forEach(p -> byTime.put(p.at(), p));
    List<HistoryPoint> all = List.copyOf(byTime.values());
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }
}
