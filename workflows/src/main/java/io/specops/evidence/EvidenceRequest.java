package io.specops.evidence;

import io.specops.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What to gather evidence about: the service's workload, why (the trigger: verification_failed,
 * rolled_back, breaker_opened, unhealthy, on_demand, schedule), the decision it concerns if any,
 * and the decision chain the workflow knows (decision, verdict, operation, verification), with the
 * metrics before and after. {@code window}: how far back logs, events and rollouts are read.
 */
public record EvidenceRequest(
    String reportId,
    String service,
    String namespace,
    String workloadKind,
    String workloadName,
    String trigger,
    String decisionId,
    Instant at,
    Duration window,
    int maxLogLines,
    List<String> decisionChain,
    MetricsSnapshot before,
    MetricsSnapshot after,
    Double latencyTargetMs,
    Double cpuTarget) {}
