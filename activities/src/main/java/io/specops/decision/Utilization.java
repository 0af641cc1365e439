package io.specops.decision;

import static io.specops.blueprint.Quantities.formatPercent;

import io.specops.blueprint.Blueprint;
import io.specops.metrics.MetricsSnapshot;

/** The weighted utilization of seed 001 and the per-metric pressures behind it. */
record Utilization(
    double cpu, double memory, double latencyRatio, double p95Ms, double weighted, Blueprint bp) {
  static final double LATENCY_CAP = 2.0;

  static Utilization of(Blueprint bp, MetricsSnapshot snapshot) {
    Blueprint.Weights w = bp.spec().evaluation().weights();
    double cpu = snapshot.metrics().cpuUtilization();
    double memory = w.memory() > 0 ? snapshot.metrics().memoryUtilization() : 0;
    double p95 =
        w.latency() > 0 || snapshot.metrics().latencyP95() != null
            ? snapshot.metrics().latencyP95()
            : 0;
    // Latency grows without bound in overload while capacity does not: capped at 2x the target so
    // one saturated minute cannot ask for ten times the replicas (the ratio is 0.9 in seed 001).
    double latencyRatio =
        Math.min(LATENCY_CAP, p95 / bp.spec().performance().latencyP95Target().toMillis());
    double weighted = w.cpu() * cpu + w.memory() * memory + w.latency() * latencyRatio;
    // rounded to 1e-6 so that 0.8150000000000001 reads as 0.815 in JSON and compares as the seed's
    // number
    return new Utilization(cpu, memory, latencyRatio, p95, Math.round(weighted * 1e6) / 1e6, bp);
  }

  /**
   * The largest single pressure relative to its own target: what a guard-triggered scale-up aims
   * at.
   */
  double maxPressure() {
    Blueprint.Scaling s = bp.spec().scaling();
    return Math.max(
        Math.max(cpu / s.targetCpuUtilization(), memory / s.targetMemoryUtilization()),
        latencyRatio);
  }

  /** Names the metric beyond its own limit, or null: a blend can hide one saturated resource. */
  String saturation(double guard) {
    if (cpu >= guard) {
      return "cpu_utilization ("
          + formatPercent(cpu)
          + ") is at or above saturation_guard ("
          + formatPercent(guard)
          + ")";
    }
    if (memory >= guard) {
      return "memory_utilization ("
          + formatPercent(memory)
          + ") is at or above saturation_guard ("
          + formatPercent(guard)
          + ")";
    }
    if (latencyRatio > 1.0) {
      return "latency_p95 ("
          + Math.round(p95Ms)
          + "ms) exceeds latency_p95_target ("
          + bp.spec().performance().latencyP95Target().toMillis()
          + "ms)";
    }
    return null;
  }
}
