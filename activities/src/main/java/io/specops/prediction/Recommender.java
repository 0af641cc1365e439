package io.specops.prediction;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.metrics.PodRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Priority-ranked recommendations from a service's metrics history (seed 002's kinds): downsize a
 * service idling at its minimum, right-size its requests, consolidate a small service into a shared
 * pool, scale an often-idle service to zero (a serverless candidate), look at its error rate, make
 * room for a service stuck at its maximum. Every savings estimate is computed from the service's
 * own history, and a recommendation is made only when the history is long enough (in time, not
 * evaluations). Pure.
 */
public final class Recommender {
  /** History needed before any recommendation. */
  public static final Duration MIN_HISTORY = Duration.ofMinutes(30);

  /**
   * History needed before calling a service a scale-to-zero candidate: idleness must be a pattern.
   */
  public static final Duration MIN_IDLE_HISTORY = Duration.ofMinutes(60);

  /** Below this share of one pod's CPU, on average, a service is small enough to share a pool. */
  static final double SMALL_DEMAND = 0.5;

  /** A service is idle in an evaluation when it serves (almost) nothing. */
  static final double IDLE_CPU = 0.02;

  /** The recommendations, or why there are none yet ("needs 12 more minutes of history"). */
  public record Result(List<Recommendation> recommendations, String evidence) {}

  private Recommender() {}

  public static List<Recommendation> recommend(Blueprint bp, List<HistoryPoint> history) {
    return analyze(bp, history).recommendations();
  }

  public static Result analyze(Blueprint bp, List<HistoryPoint> history) {
    return analyze(bp, history, null);
  }

  /**
   * As {@link #analyze(Blueprint, List)}, with what the pods' utilization is measured against (a
   * snapshot's {@code serving}; null when unknown): the right-sized requests are of that, since the
   * history's utilizations divide by it, whatever the blueprint's {@code spec.resources} says.
   */
  public static Result analyze(Blueprint bp, List<HistoryPoint> history, PodRequest serving) {
    List<Recommendation> out = new ArrayList<>();
    List<HistoryPoint> h = history.stream().filter(p -> p.cpu() != null).toList();
    Duration span =
        h.size() < 2 ? Duration.ZERO : Duration.between(h.get(0).at(), h.get(h.size() - 1).at());
    if (span.compareTo(MIN_HISTORY) < 0) {
      return new Result(
          out,
          "needs "
              + Quantities.formatDuration(roundUpToMinute(MIN_HISTORY.minus(span)))
              + " more of history (has "
              + Quantities.formatDuration(roundUpToMinute(span))
              + ", needs "
              + Quantities.formatDuration(MIN_HISTORY)
              + ")");
    }
    Blueprint.Scaling s = bp.spec().scaling();
    Request cpuRequest =
        Request.of(
            "cpu_request",
            bp.spec().resources().cpuRequestMillis(),
            serving == null ? 0 : serving.cpuMillis(),
            Quantities::formatCpu);
    double avgReplicas = h.stream().mapToInt(HistoryPoint::replicas).average().orElse(0);
    double avgWeighted =
        h.stream()
            .filter(p -> p.weighted() != null)
            .mapToDouble(HistoryPoint::weighted)
            .average()
            .orElse(0);
    double atMin =
        h.stream().filter(p -> p.replicas() <= s.minReplicas()).count() / (double) h.size();
    double atMax =
        h.stream().filter(p -> p.replicas() >= s.maxReplicas()).count() / (double) h.size();
    double avgDemand = h.stream().mapToDouble(p -> p.cpu() * p.replicas()).average().orElse(0);
    String over = " over the last " + Quantities.formatDuration(roundUpToMinute(span));

    if (atMin > 0.9 && avgWeighted < s.scaleDownThreshold()) {
      int saving = (int) Math.round(100 * (1 - avgWeighted / s.targetCpuUtilization()));
      out.add(
          new Recommendation(
              bp.name(),
              "downsize",
              5,
              "lower the per-replica requests (the service sits at min_replicas "
                  + s.minReplicas()
                  + " and is still under-used)",
              "average weighted utilization "
                  + Quantities.formatPercent(avgWeighted)
                  + " below scale_down_threshold "
                  + Quantities.formatPercent(s.scaleDownThreshold())
                  + over,
              Math.max(0, Math.min(90, saving))));
    }
    double cpuP95 = percentile(h.stream().map(HistoryPoint::cpu).toList(), 0.95);
    long rightCpu =
        Math.max(10, Math.round(cpuRequest.amount() * cpuP95 / s.targetCpuUtilization()));
    if (rightCpu < cpuRequest.amount() * 0.75) {
      double coresSaved = (cpuRequest.amount() - rightCpu) / 1000.0 * avgReplicas;
      out.add(
          new Recommendation(
              bp.name(),
              "right_size_cpu",
              4,
              cpuRequest.change(rightCpu),
              "p95 CPU use is "
                  + Quantities.formatPercent(cpuP95)
                  + " of the request"
                  + over
                  + "; at the "
                  + Quantities.formatPercent(s.targetCpuUtilization())
                  + " target "
                  + Quantities.formatCpu(rightCpu)
                  + " would do: "
                  + String.format(Locale.ROOT, "%.2f", coresSaved)
                  + " cores fewer at its average "
                  + String.format(Locale.ROOT, "%.1f", avgReplicas)
                  + " replicas",
              (int) Math.round(100.0 * (cpuRequest.amount() - rightCpu) / cpuRequest.amount())));
    }
    List<Double> memory = h.stream().map(HistoryPoint::memory).filter(v -> v != null).toList();
    if (memory.size() >= 2) {
      Request memoryRequest =
          Request.of(
              "memory_request",
              bp.spec().resources().memoryRequestBytes(),
              serving == null ? 0 : serving.memoryBytes(),
              Quantities::formatMemory);
      double memoryP95 = percentile(memory, 0.95);
      long rightMemory =
          Math.round(memoryRequest.amount() * memoryP95 / s.targetMemoryUtilization());
      if (rightMemory < memoryRequest.amount() * 0.75) {
        out.add(
            new Recommendation(
                bp.name(),
                "right_size_memory",
                3,
                memoryRequest.change(rightMemory),
                "p95 memory use is "
                    + Quantities.formatPercent(memoryP95)
                    + " of the request"
                    + over,
                (int)
                    Math.round(
                        100.0 * (memoryRequest.amount() - rightMemory) / memoryRequest.amount())));
      }
    }
    double idleShare =
        h.stream()
                .filter(
                    p -> p.cpu() < IDLE_CPU && (p.throughput() == null || p.throughput() < 0.01))
                .count()
            / (double) h.size();
    if (idleShare >= 0.5 && span.compareTo(MIN_IDLE_HISTORY) >= 0) {
      out.add(
          new Recommendation(
              bp.name(),
              "scale_to_zero",
              4,
              "scale to zero when idle (a serverless candidate: KEDA's "
                  + "scale-to-zero, Knative, or min_replicas 0 with a queue in front)",
              "idle (cpu under "
                  + Quantities.formatPercent(IDLE_CPU)
                  + ", no requests) "
                  + Math.round(idleShare * 100)
                  + "% of the time"
                  + over
                  + "; its replicas cost the same idle or busy",
              (int) Math.round(100 * idleShare)));
    } else if (idleShare >= 0.5) {
      out.add(
          new Recommendation(
              bp.name(),
              "scale_to_zero",
              1,
              "wait: possibly a scale-to-zero candidate",
              "idle "
                  + Math.round(idleShare * 100)
                  + "% of the time, but idleness is a pattern only after "
                  + Quantities.formatDuration(MIN_IDLE_HISTORY)
                  + " (needs "
                  + Quantities.formatDuration(roundUpToMinute(MIN_IDLE_HISTORY.minus(span)))
                  + " more of history)",
              null));
    } else if (avgDemand < SMALL_DEMAND && avgReplicas >= 1) {
      // in a pool with other small services its demand would need demand / target pods, not its own
      // replicas
      double pooled = avgDemand / s.targetCpuUtilization();
      int saving = (int) Math.round(100 * Math.max(0, 1 - pooled / avgReplicas));
      if (saving >= 25) {
        out.add(
            new Recommendation(
                bp.name(),
                "consolidate",
                3,
                "run it in a shared pool with the fleet's other small services",
                "it uses "
                    + String.format(Locale.ROOT, "%.2f", avgDemand)
                    + " of one pod's CPU on average"
                    + over
                    + " across "
                    + String.format(Locale.ROOT, "%.1f", avgReplicas)
                    + " replicas; pooled at the "
                    + Quantities.formatPercent(s.targetCpuUtilization())
                    + " target its share is "
                    + String.format(Locale.ROOT, "%.2f", pooled)
                    + " pods",
                saving));
      }
    }
    List<Double> errors = h.stream().map(HistoryPoint::errorRate).filter(v -> v != null).toList();
    double avgErrors = errors.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (!errors.isEmpty() && avgErrors > bp.spec().performance().errorRateThreshold()) {
      out.add(
          new Recommendation(
              bp.name(),
              "errors",
              5,
              "look at the error rate before scaling more (scaling does not fix bugs)",
              "average error rate "
                  + Quantities.formatPercent(avgErrors)
                  + " above error_rate_threshold "
                  + Quantities.formatPercent(bp.spec().performance().errorRateThreshold())
                  + over,
              null));
    }
    if (atMax > 0.2 && avgWeighted > s.scaleUpThreshold()) {
      out.add(
          new Recommendation(
              bp.name(),
              "capacity",
              5,
              "raise max_replicas (" + s.maxReplicas() + ") or the per-replica capacity",
              "at max_replicas "
                  + Math.round(atMax * 100)
                  + "% of the time with weighted utilization "
                  + Quantities.formatPercent(avgWeighted)
                  + over,
              null));
    }
    out.sort(Comparator.comparingInt(Recommendation::priority).reversed());
    return new Result(out, null);
  }

  private static Duration roundUpToMinute(Duration d) {
    long minutes = (d.toSeconds() + 59) / 60;
    return Duration.ofMinutes(Math.max(0, minutes));
  }

  static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  /**
   * A per-pod request to right-size: the pods' (what their utilization divides by) where known,
   * else the blueprint's {@code field}.
   */
  private record Request(
      String field, long amount, long blueprint, boolean fromPods, LongFunction<String> format) {

    static Request of(String field, long blueprint, long pods, LongFunction<String> format) {
      return pods > 0
          ? new Request(field, pods, blueprint, pods != blueprint, format)
          : new Request(field, blueprint, blueprint, false, format);
    }

    /** "cpu_request 100m -> 21m", or the pods' request where the blueprint says otherwise. */
    String change(long right) {
      String to = format.apply(amount) + " -> " + format.apply(right);
      return fromPods
          ? "the pods' request "
              + to
              + " (their utilization is of it; the blueprint's "
              + field
              + " says "
              + format.apply(blueprint)
              + ")"
          : field + " " + to;
    }
  }
}
