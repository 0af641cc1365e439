package io.specops.service;

import io.specops.decision.Decision;
import io.specops.governance.Verdict;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.Health;

/**
 * What one evaluation found: the snapshot it decided on, the decision, its verdict, and the
 * service's health.
 */
public record Evaluation(
    MetricsSnapshot snapshot, Decision decision, Verdict verdict, Health health) {}
