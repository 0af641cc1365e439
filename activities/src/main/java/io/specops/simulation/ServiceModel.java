package io.specops.simulation;

import io.specops.blueprint.Quantities;
import io.specops.metrics.Metrics;

/**
 * How a simulated service responds to load (docs/simulation.md). With u = load / (ready pods x
 * capacity per replica):
 *
 * <ul>
 *   <li>cpu = u (a fraction of the request), capped at the limit / request ratio;
 *   <li>memory = base + slope x min(u, 1);
 *   <li>p95 = p95_idle x (1 + 0.6 u^2) below saturation, growing by 3x per unit of overload above;
 *   <li>p50 = p95 x the calibrated p50 / p95 ratio;
 *   <li>error rate = base + 0.25 x (u - 1) above saturation (at most 50%);
 *   <li>throughput = min(load, ready x capacity).
 * </ul>
 *
 * The constants are derived from one calibration point, so a scenario states what the service looks
 * like (seed 001: 85% cpu, 70% memory, p95 180 ms on 2 replicas) rather than magic numbers.
 */
public record ServiceModel(
    String name,
    double capacityPerReplica,
    double cpuCap,
    double memoryBase,
    double memorySlope,
    double p95Idle,
    double p50Ratio,
    double errorBase) {

  static final double DEFAULT_MEMORY_SLOPE = 0.3;

  public static ServiceModel calibrate(Scenario.Service s, double initialRps) {
    Scenario.Calibration c = s.calibration();
    int replicas =
        c != null && c.replicas() != null ? c.replicas() : s.replicas() == null ? 1 : s.replicas();
    double cpu = c != null && c.cpu() != null ? Quantities.parseFraction(c.cpu()) : 0.5;
    double capacity =
        s.capacityPerReplica() != null ? s.capacityPerReplica() : initialRps / (replicas * cpu);
    double u = initialRps / (replicas * capacity);
    double slope = s.memorySlope() == null ? DEFAULT_MEMORY_SLOPE : s.memorySlope();
    double memory = c != null && c.memory() != null ? Quantities.parseFraction(c.memory()) : 0.4;
    double p95 =
        c != null && c.latencyP95() != null
            ? Quantities.parseDuration(c.latencyP95()).toNanos() / 1e6
            : 100;
    double p50 =
        c != null && c.latencyP50() != null
            ? Quantities.parseDuration(c.latencyP50()).toNanos() / 1e6
            : p95 * 0.6;
    double errors =
        c != null && c.errorRate() != null ? Quantities.parseFraction(c.errorRate()) : 0.001;
    double cpuCap = 2.0;
    if (s.cpuLimit() != null && s.cpuRequest() != null) {
      cpuCap =
          (double) Quantities.parseCpuMillis(s.cpuLimit())
              / Quantities.parseCpuMillis(s.cpuRequest());
    }
    return new ServiceModel(
        s.name(),
        capacity,
        cpuCap,
        memory - slope * Math.min(u, 1),
        slope,
        p95 / latencyFactor(u),
        p50 / p95,
        errors);
  }

  /** The metrics of {@code readyPods} pods serving {@code rps}; none when no pod is ready. */
  public Metrics observe(int readyPods, double rps) {
    if (readyPods <= 0) {
      return Metrics.none();
    }
    double u = rps / (readyPods * capacityPerReplica);
    double cpu = Math.min(u, cpuCap);
    double memory = Math.min(1.0, Math.max(0.0, memoryBase + memorySlope * Math.min(u, 1)));
    double p95 = p95Idle * latencyFactor(u);
    double errors = errorBase + (u > 1 ? Math.min(0.5, 0.25 * (u - 1)) : 0);
    return new Metrics(
        round(cpu, 4),
        round(memory, 4),
        round(p95 * p50Ratio, 1),
        round(p95, 1),
        round(Math.min(rps, readyPods * capacityPerReplica), 2),
        round(errors, 5));
  }

  /** Utilization with this many ready pods. */
  public double utilization(int readyPods, double rps) {
    return readyPods <= 0 ? Double.POSITIVE_INFINITY : rps / (readyPods * capacityPerReplica);
  }

  static double latencyFactor(double u) {
    if (u <= 1) {
      return 1 + 0.6 * u * u;
    }
    return 1.6 * (1 + 3 * (u - 1));
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
