package io.specops.backtest;

import io.specops.metrics.Metrics;
import java.time.Duration;

/**
 * A scaling policy the backtest compares: given what it observes, how many replicas it wants. It
 * may keep state over a run (windows, cooldowns), so each run gets an instance of its own.
 */
public interface Policy {
  String name();

  /**
   * How often it decides (the HPA syncs every 15 s; SpecOps evaluates on the blueprint's interval).
   */
  Duration period();

  /** The replicas it wants now, given the cluster as it was observed. */
  int decide(Observation observation);

  /**
   * What a policy sees at one moment: seconds since the start, replicas asked for, pods ready, the
   * metrics those pods show, and (for the oracle only) the load to come.
   */
  record Observation(double t, int desired, int ready, Metrics metrics, LoadLookahead future) {}

  /** The offered load at a time (seconds), for the oracle. */
  interface LoadLookahead {
    double rps(double t);
  }
}
