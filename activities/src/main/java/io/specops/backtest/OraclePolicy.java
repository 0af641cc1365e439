package io.specops.backtest;

import java.time.Duration;

/**
 * The best any policy could do: it knows the load one start-up delay ahead, so it starts pods
 * exactly in time, and it runs the fewest replicas with no violation: desired(t) = max over s in
 * [t, t + lead] of ceil(load(s) / capacity), within the bounds, where lead is the start-up delay
 * rounded up to the 15 s step, plus one step (a pod started now serves from the first step after
 * its start-up; the next decision is one step later).
 *
 * <p>{@link #clairvoyant} is the same foresight under a blueprint's limits: it sizes under a
 * utilization ceiling, keeps what it asked for over the scale-down cooldown and scales down at most
 * once per cooldown, as SpecOps does; it shows how close any policy of that shape could come to the
 * oracle (docs/backtest.md).
 */
public final class OraclePolicy implements Policy {
  private final String name;
  private final double capacityPerReplica;
  private final double leadSeconds;
  private final double ceiling;
  private final double windowSeconds;
  private final int min;
  private final int max;
  private double lastScaleDown = Double.NEGATIVE_INFINITY;

  public OraclePolicy(
      double capacityPerReplica, Duration startup, int minReplicas, int maxReplicas) {
    this(
        "oracle",
        capacityPerReplica,
        Foresight.leadSeconds(startup),
        1.0,
        0,
        minReplicas,
        maxReplicas);
  }

  private OraclePolicy(
      String name,
      double capacityPerReplica,
      double leadSeconds,
      double ceiling,
      double windowSeconds,
      int min,
      int max) {
    this.name = name;
    this.capacityPerReplica = capacityPerReplica;
    this.leadSeconds = leadSeconds;
    this.ceiling = ceiling;
    this.windowSeconds = windowSeconds;
    this.min = min;
    this.max = max;
  }

  /**
   * The same foresight, sized under {@code ceiling} (a utilization), keeping the largest ask of the
   * last {@code window} (the scale-down cooldown, which SpecOps also takes as its stabilization
   * window) and scaling down at most once per {@code window}.
   */
  public OraclePolicy clairvoyant(double ceiling, Duration window) {
    return new OraclePolicy(
        "clairvoyant",
        capacityPerReplica,
        leadSeconds,
        ceiling,
        window.toMillis() / 1000.0,
        min,
        max);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration period() {
    return Duration.ofSeconds(15);
  }

  @Override
  public int decide(Observation o) {
    double perReplica = capacityPerReplica * ceiling;
    int wanted =
        Foresight.largestNeed(
            o.t(), windowSeconds, leadSeconds, s -> o.future().rps(s) / perReplica, min, max);
    if (windowSeconds > 0 && wanted < o.desired()) {
      if (o.t() - lastScaleDown < windowSeconds) {
        return o.desired(); // the cooldown of the last scale-down
      }
      lastScaleDown = o.t();
    }
    return wanted;
  }
}
