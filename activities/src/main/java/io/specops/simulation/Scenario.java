package io.specops.simulation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A simulated cluster: nodes (for capacity), and per service its workload, requests, offered load
 * and how it behaves under load. Read from YAML by {@link ScenarioLoader}; documented in
 * docs/simulation.md.
 */
public record Scenario(
    String name,
    String description,
    Duration startupDelay,
    List<Node> nodes,
    List<Service> services,
    List<Job> jobs,
    Duration podMetricsResolution,
    List<Rollout> rollouts,
    List<Quota> quotas) {

  public Scenario(
      String name,
      String description,
      Duration startupDelay,
      List<Node> nodes,
      List<Service> services,
      List<Job> jobs,
      Duration podMetricsResolution) {
    this(name, description, startupDelay, nodes, services, jobs, podMetricsResolution, null, null);
  }

  /**
   * A namespace's ResourceQuota: what its pods may request and limit in all ({@code hard}, by the
   * quota's resource names: requests.cpu, limits.memory, pods). The simulated cluster counts and
   * enforces it as the API server does.
   */
  public record Quota(String name, String namespace, Map<String, String> hard) {}

  public List<Quota> quotasOrNone() {
    return quotas == null ? List.of() : quotas;
  }

  /**
   * A new version of a service rolled out {@code at} into the scenario: its image, and what it does
   * wrong (latency added to every request, a share of requests failing, whatever the replicas).
   */
  public record Rollout(
      String service,
      String namespace,
      Duration at,
      String image,
      Duration addsLatency,
      String addsErrorRate) {}

  /** The same scenario with pods that take {@code delay} to become ready. */
  public Scenario withStartupDelay(Duration delay) {
    return new Scenario(
        name, description, delay, nodes, services, jobs, podMetricsResolution, rollouts, quotas);
  }

  public List<Rollout> rolloutsOrNone() {
    return rollouts == null ? List.of() : rollouts;
  }

  /**
   * How often the metrics.k8s.io PodMetrics are refreshed: metrics-server's default, 15 s, unless
   * set.
   */
  public Duration podMetricsEvery() {
    return podMetricsResolution == null ? Duration.ofSeconds(15) : podMetricsResolution;
  }

  /** A pod SpecOps does not manage (a batch job) that holds capacity until it finishes. */
  public record Job(
      String name, String namespace, String cpuRequest, String memoryRequest, Duration runsFor) {}

  public record Node(String name, String cpu, String memory) {}

  /**
   * A service's workload and load model. {@code calibration} gives what the service looks like at
   * {@code calibration.replicas} under the initial load (seed 001: 85% cpu, 70% memory, p95 180 ms
   * on 2 replicas); the model derives its capacity per replica and latency curve from it.
   */
  public record Service(
      String name,
      String namespace,
      Integer replicas,
      String cpuRequest,
      String memoryRequest,
      String cpuLimit,
      Load load,
      Calibration calibration,
      Double capacityPerReplica,
      Double memorySlope,
      Duration startupDelay,
      Boolean neverReady) {}

  /**
   * Offered load in requests per second: a constant, steps in time, or a CSV trace
   * (t_seconds,requests per minute).
   */
  public record Load(
      Double constant, List<Step> steps, String trace, Double multiplier, Duration traceOffset) {}

  public record Step(Duration at, double rps) {}

  public record Calibration(
      Integer replicas,
      String cpu,
      String memory,
      String latencyP95,
      String latencyP50,
      String errorRate) {}
}
