package io.specops.simulation;

import java.time.Instant;

/**
 * Something the scenario made happen in the simulated cluster (a job ending, a rollout), for a
 * demo's progress and timeline. {@code service}: the service it concerns, or null for the cluster.
 */
public record ScenarioEvent(Instant at, String service, String kind, String text) {}
