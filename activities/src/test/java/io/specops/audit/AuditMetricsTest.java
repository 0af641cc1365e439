package io.specops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditMetricsTest {
  @TempDir Path dir;

  @Test
  void countsWhatTheAuditLogRecords() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditLog log = new AuditLog(dir).onRecord(new AuditMetrics(registry));
    Instant t = Instant.parse("2026-02-10T18:30:00Z");
    log.append(
        List.of(
            new AuditEntry(
                "decision",
                t,
                "todo-frontend",
                Map.of("action", "scale_up", "weighted_utilization", 0.815)),
            new AuditEntry("approval", t, "todo-frontend", Map.of("event", "requested")),
            new AuditEntry("verification", t, "todo-frontend", Map.of("outcome", "success")),
            new AuditEntry("control", t, "todo-frontend", Map.of("event", "deferred")),
            new AuditEntry(
                "governance",
                t,
                "todo-frontend",
                Map.of("classification", "allowed", "webhook_url", "https://hooks/secret")),
            new AuditEntry("control", t, "todo-frontend", Map.of("event", "breaker_opened"))));
    assertThat(registry.get("specops.breaker.open").tag("service", "todo-frontend").gauge().value())
        .isEqualTo(1);
    assertThat(
            registry.get("specops.last.evaluation").tag("service", "todo-frontend").gauge().value())
        .isEqualTo(t.getEpochSecond());
    log.append(
        List.of(new AuditEntry("control", t, "todo-frontend", Map.of("event", "breaker_closed"))));
    assertThat(registry.get("specops.breaker.open").tag("service", "todo-frontend").gauge().value())
        .isZero();
    assertThat(
            registry
                .get("specops.decisions")
                .tags("service", "todo-frontend", "action", "scale_up")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("specops.operations").tags("outcome", "verified").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("specops.deferrals").counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get("specops.pending.approvals")
                .tag("service", "todo-frontend")
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(
            registry
                .get("specops.weighted.utilization")
                .tag("service", "todo-frontend")
                .gauge()
                .value())
        .isEqualTo(0.815);
    // secrets never reach the log
    assertThat(log.read(LocalDate.of(2026, 2, 10)))
        .allSatisfy(r -> assertThat(r.toString()).doesNotContain("secret"));
  }
}
