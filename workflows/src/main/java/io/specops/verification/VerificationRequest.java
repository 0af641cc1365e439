package io.specops.verification;

import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.MetricsSnapshot;

/**
 * Verify an operation: the blueprint, the decision, what the service looked like before, and the
 * last readiness reading (so a rollout that never became ready fails the replica check).
 */
public record VerificationRequest(String verificationId, Blueprint blueprint, Decision decision, MetricsSnapshot before,
    WorkloadState readiness) {}
