package io.specops.simulation;

import io.specops.blueprint.Quantities;
import io.specops.metrics.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the simulated cluster does wrong on purpose, and the logs its pods write (docs/simulation.md
 * "Incidents"): a version that adds latency and errors after it rolls out, a pod OOMKilled; access
 * and error lines from the load model, an error burst when a service is overloaded.
 */
final class Incidents {
  /** A service's current version and its effect on every request from {@code at} on. */
  record Version(
      String image, int revision, Instant at, double addedLatencyMs, double addedErrorRate) {}

  private final Map<String, Version> versions = new ConcurrentHashMap<>();
  private final Set<String> oomKilled = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> podStarts = new ConcurrentHashMap<>();

  void podStarted(String pod, Instant at) {
    podStarts.put(pod, at);
  }

  void rolledOut(String key, Version v) {
    versions.put(key, v);
  }

  Version version(String key) {
    return versions.get(key);
  }

  void oomKilled(String pod) {
    oomKilled.add(pod);
  }

  /** A service's metrics with its version's effect. */
  Metrics degrade(String key, Metrics m, Instant now) {
    Version v = versions.get(key);
    if (v == null
        || m.cpuUtilization() == null
        || now.isBefore(v.at())
        || v.addedLatencyMs() == 0 && v.addedErrorRate() == 0) {
      return m;
    }
    return new Metrics(
        m.cpuUtilization(),
        m.memoryUtilization(),
        round(m.latencyP50() + v.addedLatencyMs() * 0.6),
        round(m.latencyP95() + v.addedLatencyMs()),
        m.throughput(),
        Math.min(1, m.errorRate() + v.addedErrorRate()));
  }

  /**
   * A pod's log as the API serves it: one access line per 5 s from the load model, errors when
   * overloaded or on a bad version; {@code previous}: the container that ended (an OOMKilled one).
   */
  String log(
      SimulatedService s,
      String key,
      String pod,
      Instant now,
      Duration since,
      Integer tail,
      boolean timestamps,
      boolean previous,
      Function<Instant, Double> utilizationAt) {
    List<String> lines = new ArrayList<>();
    Instant started = podStarts.getOrDefault(pod, now.minus(since));
    if (previous) {
      if (!oomKilled.contains(pod)) {
        return "";
      }
      Instant end = now.minusSeconds(30);
      add(
          lines,
          timestamps,
          end.minusSeconds(20),
          "WARN  [main] c.s.todo.GcMonitor : GC overhead limit approaching: heap 98% used");
      add(
          lines,
          timestamps,
          end.minusSeconds(5),
          "ERROR [http-nio-8080-exec-4] c.s.todo.TodoService : java.lang.OutOfMemoryError: Java heap space");
      return String.join("\n", lines) + "\n";
    }
    Version v = versions.get(key);
    Instant from = now.minus(since).isAfter(started) ? now.minus(since) : started;
    if (!started.isBefore(now.minus(since))) {
      add(
          lines,
          timestamps,
          started,
          "INFO  [main] c.s.todo.Application : Started "
              + s.name()
              + " in 4.2 seconds (image "
              + (v != null && !started.isBefore(v.at())
                  ? v.image()
                  : "specops/simulated:" + s.name())
              + ")");
    }
    for (Instant t = from.truncatedTo(ChronoUnit.SECONDS); !t.isAfter(now); t = t.plusSeconds(5)) {
      double u = utilizationAt.apply(t);
      long h = Math.abs((pod.hashCode() * 31L + t.getEpochSecond()) % 100);
      int thread = (int) (h % 20) + 1;
      boolean bad = v != null && !t.isBefore(v.at()) && v.addedErrorRate() > 0;
      double latency =
          Math.round(
              20 + 30 * u + (v != null && !t.isBefore(v.at()) ? v.addedLatencyMs() : 0) + h % 9);
      int status =
          bad && h < v.addedErrorRate() * 100 * 4
              ? 500
              : u > 1 && h < Math.min(90, (u - 1) * 100) ? 503 : 200;
      add(
          lines,
          timestamps,
          t,
          "INFO  [http-nio-8080-exec-"
              + thread
              + "] c.s.todo.RequestLog : GET /api/todos status="
              + status
              + " in "
              + (long) latency
              + "ms");
      if (status == 500) {
        add(
            lines,
            timestamps,
            t,
            "ERROR [http-nio-8080-exec-"
                + thread
                + "] c.s.todo.TodoService : java.lang.NullPointerException: "
                + "Cannot invoke \"Todo.owner()\" because \"todo\" is null at TodoService.list(TodoService.java:88) request_id="
                + Long.toHexString(0x1000000000000L + Math.abs((pod + t).hashCode()) * 7919L));
      } else if (status == 503) {
        add(
            lines,
            timestamps,
            t,
            "ERROR [http-nio-8080-exec-"
                + thread
                + "] c.s.todo.RequestLog : upstream timeout after 5000ms: "
                + "connection pool exhausted (50/50 in use)");
      } else if (u > 0.9 && h % 7 == 0) {
        add(
            lines,
            timestamps,
            t,
            "WARN  [http-nio-8080-exec-"
                + thread
                + "] c.s.todo.RequestLog : slow request GET /api/todos took "
                + (long) (latency * 3)
                + "ms");
      }
    }
    if (tail != null && lines.size() > tail) {
      lines = lines.subList(lines.size() - tail, lines.size());
    }
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private static void add(List<String> lines, boolean timestamps, Instant at, String text) {
    lines.add(timestamps ? at + " " + text : text);
  }

  static double errorRate(String text) {
    return text == null ? 0 : Quantities.parseFraction(text);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
