package io.specops.decision;

import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;

/** Seed 001 Step 2's observations, and a builder for others. */
public final class Snapshots {
  public static final Instant SEED_TIME = Instant.parse("2026-02-10T18:30:00Z");

  private Snapshots() {}

  public static MetricsSnapshot seedFrontend() {
    return of("todo-frontend", 2, 0.85, 0.70, 120.0, 180.0, 180.0, 0.005);
  }

  public static MetricsSnapshot seedBackend() {
    return of("todo-backend", 3, 0.45, 0.50, 60.0, 100.0, 250.0, 0.002);
  }

  public static MetricsSnapshot of(
      String service, int replicas, double cpu, double memory, double p95) {
    return of(service, replicas, cpu, memory, p95 * 0.6, p95, 100.0, 0.0);
  }

  public static MetricsSnapshot of(
      String service,
      int replicas,
      Double cpu,
      Double memory,
      Double p50,
      Double p95,
      Double throughput,
      Double errorRate) {
    return new MetricsSnapshot(
        service,
        replicas,
        replicas,
        replicas,
        new Metrics(cpu, memory, p50, p95, throughput, errorRate),
        SEED_TIME,
        "test");
  }
}
