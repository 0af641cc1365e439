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
 * utilization ceiling and keeps what it asked for over a scale-down window, as SpecOps does; it
 * shows how close any policy of that shape could come to the oracle (docs/backtest.md).
 */
public final class OraclePolicy implements Policy {
  private final String name;
  private final double capacityPerReplica;
  private final double startupSeconds;
  private final double ceiling;
  private final double windowSeconds;
  private final int min;
  private final int max;

  public OraclePolicy(
      double capacityPerReplica, Duration startup, int minReplicas, int maxReplicas) {
    this("oracle", capacityPerReplica, startup, 1.0, Duration.ZERO, minReplicas, maxReplicas);
  }

  private OraclePolicy(
      String name,
      double capacityPerReplica,
      Duration startup,
      double ceiling,
      Duration window,
      int minReplicas,
      int maxReplicas) {
    this.name = name;
    this.capacityPerReplica = capacityPerReplica;
    double step = Backtest.STEP.toMillis() / 1000.0;
    this.startupSeconds = Math.ceil(startup.toMillis() / 1000.0 / step) * step + step;
    this.ceiling = ceiling;
    this.windowSeconds = window.toMillis() / 1000.0;
    this.min = minReplicas;
    this.max = maxReplicas;
  }

  /**
   * The oracle's foresight, sized under {@code ceiling} (a utilization) and keeping the largest ask
   * of the last {@code window} (a scale-down stabilization window).
   */
  public static OraclePolicy clairvoyant(
      double capacityPerReplica,
      Duration startup,
      double ceiling,
      Duration window,
      int minReplicas,
      int maxReplicas) {
    return new OraclePolicy(
        "clairvoyant", capacityPerReplica, startup, ceiling, window, minReplicas, maxReplicas);
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
    int needed = 0;
    double perReplica = capacityPerReplica * ceiling;
    for (double s = Math.max(0, o.t() - windowSeconds);
        s <= o.t() + startupSeconds + 1e-9;
        s += 5) {
      needed = Math.max(needed, (int) Math.ceil(o.future().rps(s) / perReplica - 1e-9));
    }
    return Math.max(min, Math.min(max, Math.max(needed, 1)));
  }
}
