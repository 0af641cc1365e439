package io.specops.prediction;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Priority-ranked recommendations from a service's metrics history (seed 002): downsize
 * under-used services, right-size requests from observed usage, look at error rates, make room
 * for services stuck at their maximum. Pure.
 */
public final class Recommender {
  static final int MIN_SAMPLES = 10;

  private Recommender() {}

  public static List<Recommendation> recommend(Blueprint bp, List<HistoryPoint> history) {
    List<Recommendation> out = new ArrayList<>();
    List<HistoryPoint> h = history.stream().filter(p -> p.cpu() != null).toList();
    if (h.size() < MIN_SAMPLES) {
      return out;
    }
    Blueprint.Scaling s = bp.spec().scaling();
    double avgWeighted = h.stream().filter(p -> p.weighted() != null).mapToDouble(HistoryPoint::weighted).average().orElse(0);
    double atMin = h.stream().filter(p -> p.replicas() <= s.minReplicas()).count() / (double) h.size();
    double atMax = h.stream().filter(p -> p.replicas() >= s.maxReplicas()).count() / (double) h.size();

    if (atMin > 0.9 && avgWeighted < s.scaleDownThreshold()) {
      int saving = (int) Math.round(100 * (1 - avgWeighted / s.targetCpuUtilization()));
      out.add(new Recommendation(bp.name(), "downsize", 5, "lower the per-replica requests (the service sits at min_replicas "
          + s.minReplicas() + " and is still under-used)", "average weighted utilization " + Quantities.formatPercent(avgWeighted)
          + " below scale_down_threshold " + Quantities.formatPercent(s.scaleDownThreshold()) + " over " + h.size() + " evaluations",
          Math.max(0, Math.min(90, saving))));
    }
    long cpuRequest = bp.spec().resources().cpuRequestMillis();
    double cpuP95 = percentile(h.stream().map(HistoryPoint::cpu).toList(), 0.95);
    long rightCpu = Math.max(10, Math.round(cpuRequest * cpuP95 / s.targetCpuUtilization()));
    if (rightCpu < cpuRequest * 0.75) {
      out.add(new Recommendation(bp.name(), "right_size_cpu", 4, "cpu_request " + Quantities.formatCpu(cpuRequest) + " -> "
          + Quantities.formatCpu(rightCpu), "p95 CPU use is " + Quantities.formatPercent(cpuP95) + " of the request; at the "
          + Quantities.formatPercent(s.targetCpuUtilization()) + " target " + Quantities.formatCpu(rightCpu) + " would do",
          (int) Math.round(100.0 * (cpuRequest - rightCpu) / cpuRequest)));
    }
    List<Double> memory = h.stream().map(HistoryPoint::memory).filter(v -> v != null).toList();
    if (memory.size() >= MIN_SAMPLES) {
      long memoryRequest = bp.spec().resources().memoryRequestBytes();
      double memoryP95 = percentile(memory, 0.95);
      long rightMemory = Math.round(memoryRequest * memoryP95 / s.targetMemoryUtilization());
      if (rightMemory < memoryRequest * 0.75) {
        out.add(new Recommendation(bp.name(), "right_size_memory", 3, "memory_request " + Quantities.formatMemory(memoryRequest)
            + " -> " + Quantities.formatMemory(rightMemory), "p95 memory use is " + Quantities.formatPercent(memoryP95)
            + " of the request", (int) Math.round(100.0 * (memoryRequest - rightMemory) / memoryRequest)));
      }
    }
    List<Double> errors = h.stream().map(HistoryPoint::errorRate).filter(v -> v != null).toList();
    double avgErrors = errors.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (!errors.isEmpty() && avgErrors > bp.spec().performance().errorRateThreshold()) {
      out.add(new Recommendation(bp.name(), "errors", 5, "look at the error rate before scaling more (scaling does not fix bugs)",
          "average error rate " + Quantities.formatPercent(avgErrors) + " above error_rate_threshold "
              + Quantities.formatPercent(bp.spec().performance().errorRateThreshold()), null));
    }
    if (atMax > 0.2 && avgWeighted > s.scaleUpThreshold()) {
      out.add(new Recommendation(bp.name(), "capacity", 5, "raise max_replicas (" + s.maxReplicas()
          + ") or the per-replica capacity", "at max_replicas " + Math.round(atMax * 100) + "% of the time with weighted utilization "
          + Quantities.formatPercent(avgWeighted), null));
    }
    out.sort(Comparator.comparingInt(Recommendation::priority).reversed());
    return out;
  }

  static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }
}
