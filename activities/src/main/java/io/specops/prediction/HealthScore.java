package io.specops.prediction;

import io.specops.blueprint.Blueprint;
import io.specops.metrics.Metrics;

/**
 * Seed 002's health score. Each part is 100 while its metric is within target and falls linearly to
 * 0: cpu and memory from their targets to 100% of the request, errors from 0 to twice the
 * threshold, p95 from its target to twice it. Missing metrics score 0: an unobserved service is not
 * called healthy.
 */
public final class HealthScore {
  private HealthScore() {}

  public static Health of(Blueprint bp, Metrics m) {
    Blueprint.Scaling s = bp.spec().scaling();
    int cpu = part(m.cpuUtilization(), s.targetCpuUtilization(), 1.0);
    int memory = part(m.memoryUtilization(), s.targetMemoryUtilization(), 1.0);
    double threshold = bp.spec().performance().errorRateThreshold();
    int errors = part(m.errorRate(), 0, Math.max(2 * threshold, 1e-6));
    double target = bp.spec().performance().latencyP95Target().toMillis();
    int latency = part(m.latencyP95(), target, 2 * target);
    int score = (int) Math.round(0.3 * cpu + 0.3 * memory + 0.2 * errors + 0.2 * latency);
    String status = score > 70 ? "healthy" : score >= 40 ? "degraded" : "unhealthy";
    return new Health(score, status, cpu, memory, errors, latency);
  }

  private static int part(Double value, double good, double bad) {
    if (value == null || value.isNaN()) {
      return 0;
    }
    if (value <= good) {
      return 100;
    }
    if (value >= bad) {
      return 0;
    }
    return (int) Math.round(100 * (bad - value) / (bad - good));
  }
}
