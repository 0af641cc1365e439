package io.specops.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.specops.decision.Action;
import io.specops.governance.Classification;
import io.specops.json.Json;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.HistoryPoint;
import io.specops.service.DecisionOutcome;
import io.specops.service.DecisionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
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

  /**
   * The query for a service's newest {@code limit} decision records: two of its intervals back per
   * decision, an hour at least (not the whole trail: the files are read a day at a time).
   */
  public static AuditQuery recentDecisions(String service, Duration every, int limit) {
    Duration window = every.multipliedBy(2L * Math.max(1, limit));
    Duration hour = Duration.ofHours(1);
    return new AuditQuery(
        Instant.now().minus(window.compareTo(hour) > 0 ? window : hour),
        service,
        null,
        "decision",
        Math.max(1, limit));
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
        byTime.put(s.observedAt(), HistoryPoint.of(s, weighted(r)));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        // a record this version cannot read adds no point
      }
    }
    return List.copyOf(byTime.values());
  }

  /**
   * The watcher's decisions among decision records, newest first: those that asked for nothing (a
   * decision that acts wakes the workflow, which keeps it in its own list with how it ended).
   */
  public static List<DecisionSummary> idleDecisions(Collection<JsonNode> decisionRecords) {
    List<DecisionSummary> out = new ArrayList<>();
    for (JsonNode r : decisionRecords) {
      if (!"no_action".equals(r.path("action").asText()) || !r.hasNonNull("decision_id")) {
        continue;
      }
      try {
        out.add(
            new DecisionSummary(
                r.get("decision_id").asText(),
                Action.NO_ACTION,
                r.path("current_replicas").asInt(),
                r.path("target_replicas").asInt(),
                weighted(r),
                r.path("evaluation_reason").asText(r.path("trigger").asText("")),
                r.path("rationale").asText(""),
                Classification.NOT_APPLICABLE,
                DecisionOutcome.NO_ACTION,
                Instant.parse(r.path("timestamp").asText())));
      } catch (RuntimeException e) {
        // a record this version cannot read is left out
      }
    }
    out.sort(Comparator.comparing(DecisionSummary::decidedAt).reversed());
    return out;
  }

  /** Decisions from two places as one list, newest first, each once (the first list's wins). */
  public static List<DecisionSummary> mergeDecisions(
      List<DecisionSummary> first, List<DecisionSummary> second, int limit) {
    Map<String, DecisionSummary> byId = new LinkedHashMap<>();
    first.forEach(d -> byId.putIfAbsent(d.decisionId(), d));
    second.forEach(d -> byId.putIfAbsent(d.decisionId(), d));
    return byId.values().stream()
        .sorted(Comparator.comparing(DecisionSummary::decidedAt).reversed())
        .limit(Math.max(0, limit))
        .toList();
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

  /** A decision record's weighted utilization, or null when it has none. */
  private static Double weighted(JsonNode record) {
    JsonNode w = record.get("weighted_utilization");
    return w == null || !w.isNumber() ? null : w.asDouble();
  }
}
