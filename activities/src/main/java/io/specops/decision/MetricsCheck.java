package io.specops.decision;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Says what is missing, invalid or stale in a snapshot, or null when it can be decided on. */
final class MetricsCheck {
  private MetricsCheck() {}

  static String problems(Blueprint bp, MetricsSnapshot snapshot, Instant now) {
    if (snapshot == null) {
      return "no metrics snapshot";
    }
    List<String> problems = new ArrayList<>();
    if (snapshot.replicas() < 1) {
      problems.add("no replicas running (" + snapshot.replicas() + ")");
    }
    if (snapshot.podsReady() < 0) {
      problems.add("pods_ready is negative (" + snapshot.podsReady() + ")");
    }
    Metrics m = snapshot.metrics() == null ? Metrics.none() : snapshot.metrics();
    Blueprint.Weights w = bp.spec().evaluation().weights();
    check(problems, "cpu_utilization", m.cpuUtilization(), true);
    if (w.memory() > 0) {
      check(problems, "memory_utilization", m.memoryUtilization(), true);
    }
    if (w.latency() > 0) {
      check(problems, "latency_p95", m.latencyP95(), false);
    }
    if (snapshot.observedAt() == null) {
      problems.add("observation time missing");
    } else if (now != null) {
      Duration age = Duration.between(snapshot.observedAt(), now);
      Duration maxAge = bp.spec().metrics().maxAge();
      if (age.compareTo(maxAge) > 0) {
        problems.add(
            "metrics are stale (observed "
                + Quantities.formatDuration(Duration.ofSeconds(age.toSeconds()))
                + " ago; metrics.max_age is "
                + Quantities.formatDuration(maxAge)
                + ")");
      }
    }
    return problems.isEmpty() ? null : String.join(", ", problems);
  }

  private static void check(List<String> problems, String name, Double value, boolean fraction) {
    if (value == null) {
      problems.add(name + " missing");
    } else if (value.isNaN() || value.isInfinite()) {
      problems.add(name + " is not a number (" + value + ")");
    } else if (value < 0) {
      problems.add(name + " is negative (" + value + ")");
    } else if (fraction && value > 10) {
      // utilizations are fractions of the request; 10x the request is a unit mistake, not load
      problems.add(name + " (" + value + ") is not a fraction of the request");
    }
  }
}
