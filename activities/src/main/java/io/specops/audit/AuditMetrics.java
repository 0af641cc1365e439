package io.specops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * SpecOps' own metrics, counted from the audit records as they are written, so what the metrics say
 * and what the log says cannot disagree: specops_decisions_total{service,action},
 * specops_operations_total{service,outcome}, specops_deferrals_total{service},
 * specops_pending_approvals{service}, specops_weighted_utilization{service}.
 */
public final class AuditMetrics implements Consumer<JsonNode> {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> weighted = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> lastEvaluation = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> breakerOpen = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  public AuditMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void accept(JsonNode r) {
    String service = r.path("service").asText("unknown");
    if (!service.startsWith("fleet/") && seen.add(service)) {
      // every per-service meter exists from the service's first record, at zero: dashboards and
      // alerts see 0, not "no data", before the first deferral or breaker change
      counter("specops.deferrals", "Operations deferred by the coordinator", "service", service);
      breaker(service);
      pending(service);
    }
    switch (r.path("record_type").asText()) {
      case "decision" -> {
        counter(
                "specops.decisions",
                "Decisions made",
                "service",
                service,
                "action",
                r.path("action").asText())
            .increment();
        if (r.hasNonNull("weighted_utilization")) {
          weighted(service).set(r.get("weighted_utilization").asDouble());
        }
        // when the service was last evaluated (time() minus it: how fresh its decisions are)
        double at = Instant.parse(r.path("timestamp").asText()).toEpochMilli() / 1000.0;
        lastEvaluation(service)
            .accumulateAndGet(at, (a, b) -> Double.isNaN(a) ? b : Math.max(a, b));
      }
      case "execution" -> {
        String outcome = r.path("outcome").asText();
        if (outcome.equals("failed") || outcome.equals("planned")) {
          counter(
                  "specops.operations",
                  "Operations by how they ended",
                  "service",
                  service,
                  "outcome",
                  outcome)
              .increment();
        }
      }
      case "verification" -> {
        String outcome =
            switch (r.path("outcome").asText()) {
              case "success" -> "verified";
              case "failure" -> "rolled_back";
              default -> r.path("outcome").asText();
            };
        counter(
                "specops.operations",
                "Operations by how they ended",
                "service",
                service,
                "outcome",
                outcome)
            .increment();
      }
      case "approval" -> {
        String event = r.path("event").asText();
        if (event.equals("requested")) {
          pending(service).set(1);
        } else if (!event.equals("refused")) {
          pending(service).set(0);
        }
      }
      case "control" -> {
        String event = r.path("event").asText();
        if ("deferred".equals(event)) {
          counter("specops.deferrals", "Operations deferred by the coordinator", "service", service)
              .increment();
        } else if ("breaker_opened".equals(event) || "breaker_closed".equals(event)) {
          breaker(service).set("breaker_opened".equals(event) ? 1 : 0);
        }
      }
      default -> {}
    }
  }

  private Counter counter(String name, String help, String... tags) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }

  private AtomicInteger pending(String service) {
    return gauge(
        pending,
        service,
        AtomicInteger::new,
        AtomicInteger::get,
        "specops.pending.approvals",
        null,
        "Operations waiting for an approver");
  }

  private AtomicReference<Double> lastEvaluation(String service) {
    return gauge(
        lastEvaluation,
        service,
        () -> new AtomicReference<>(Double.NaN),
        AtomicReference::get,
        "specops.last.evaluation",
        "seconds",
        "When the service was last evaluated, in seconds since the epoch");
  }

  private AtomicInteger breaker(String service) {
    return gauge(
        breakerOpen,
        service,
        AtomicInteger::new,
        AtomicInteger::get,
        "specops.breaker.open",
        null,
        "1 while the service's circuit breaker is open");
  }

  private AtomicReference<Double> weighted(String service) {
    return gauge(
        weighted,
        service,
        () -> new AtomicReference<>(Double.NaN),
        AtomicReference::get,
        "specops.weighted.utilization",
        null,
        "The last weighted utilization the decision engine computed");
  }

  /** A per-service gauge, registered the first time the service is seen, reading {@code value}. */
  private <T> T gauge(
      java.util.Map<String, T> byService,
      String service,
      java.util.function.Supplier<T> make,
      java.util.function.ToDoubleFunction<T> read,
      String name,
      String unit,
      String help) {
    return byService.computeIfAbsent(
        service,
        s -> {
          T value = make.get();
          Gauge.builder(name, value, read)
              .baseUnit(unit)
              .description(help)
              .tag("service", s)
              .register(registry);
          return value;
        });
  }
}
