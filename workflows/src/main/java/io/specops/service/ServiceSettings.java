package io.specops.service;

import java.time.Duration;

/**
 * Worker-wide settings for the per-service workflow, passed in its input so that workflow code
 * stays deterministic. Defaults follow seed 001's timeline (pod ready after about 50 s, verified 30
 * s later).
 */
public record ServiceSettings(
    Duration readinessPollInterval,
    Duration readinessTimeout,
    Duration settleTime,
    int breakerThreshold,
    Duration breakerCoolOff,
    int maxHistoryEvents,
    int recentDecisions,
    boolean dryRun,
    boolean searchAttributes) {

  public ServiceSettings(
      Duration readinessPollInterval,
      Duration readinessTimeout,
      Duration settleTime,
      int breakerThreshold,
      Duration breakerCoolOff,
      int maxHistoryEvents,
      int recentDecisions,
      boolean dryRun) {
    this(
        readinessPollInterval,
        readinessTimeout,
        settleTime,
        breakerThreshold,
        breakerCoolOff,
        maxHistoryEvents,
        recentDecisions,
        dryRun,
        false);
  }

  public static ServiceSettings defaults() {
    return new ServiceSettings(
        Duration.ofSeconds(5),
        Duration.ofMinutes(3),
        Duration.ofSeconds(30),
        3,
        Duration.ofMinutes(10),
        2000,
        50,
        false,
        false);
  }

  public ServiceSettings withDryRun(boolean value) {
    return new ServiceSettings(
        readinessPollInterval,
        readinessTimeout,
        settleTime,
        breakerThreshold,
        breakerCoolOff,
        maxHistoryEvents,
        recentDecisions,
        value,
        searchAttributes);
  }

  public ServiceSettings withMaxHistoryEvents(int value) {
    return new ServiceSettings(
        readinessPollInterval,
        readinessTimeout,
        settleTime,
        breakerThreshold,
        breakerCoolOff,
        value,
        recentDecisions,
        dryRun,
        searchAttributes);
  }

  /** Whether the worker registered SpecOps' search attributes, so workflows may upsert them. */
  public ServiceSettings withSearchAttributes(boolean value) {
    return new ServiceSettings(
        readinessPollInterval,
        readinessTimeout,
        settleTime,
        breakerThreshold,
        breakerCoolOff,
        maxHistoryEvents,
        recentDecisions,
        dryRun,
        value);
  }
}
