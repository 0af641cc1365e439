package io.specops.backtest;

import java.time.Duration;

/**
 * The best any policy could do: it knows the load one start-up delay ahead, so it starts pods
 * exactly in time, and it runs the fewest replicas with no violation: desired(t) = max over s in
 * [t, t + lead] of ceil(load(s) / capacity), within the bounds, where lead is the start-up delay
 * rounded up to the 15 s step, plus one step (a pod started now serves from the first step after
 * its start-up; the next decision is one step later).
 */
public final class OraclePolicy implements Policy {
  private final double capacityPerReplica;
  private final double startupSeconds;
  private final int min;
  private final int max;

  public OraclePolicy(
      double capacityPerReplica, Duration startup, int minReplicas, int maxReplicas) {
    this.capacityPerReplica = capacityPerReplica;
    double step = Backtest.STEP.toMillis() / 1000.0;
    this.startupSeconds = Math.ceil(startup.toMillis() / 1000.0 / step) * step + step;
    this.min = minReplicas;
    this.max = maxReplicas;
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public Duration period() {
    return Duration.ofSeconds(15);
  }

  @Override
  public int decide(Observation o) {
    int needed = 0;
    for (double s = o.t(); s <= o.t() + startupSeconds + 1e-9; s += 5) {
      needed = Math.max(needed, (int) Math.ceil(o.future().rps(s) / capacityPerReplica - 1e-9));
    }
    return Math.max(min, Math.min(max, Math.max(needed, 1)));
  }
}
