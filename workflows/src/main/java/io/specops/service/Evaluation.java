package io.specops.service;

import io.specops.decision.Decision;
import io.specops.governance.Verdict;
import io.specops.kubernetes.QuotaShare;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.Health;

/**
 * What one evaluation found: the snapshot it decided on, the decision, its verdict, and the
 * service's health. {@code quotaShare}: what each pod of a scale-up or scale-down takes from (or
 * gives back to) its namespace's ResourceQuotas, which the coordinator pools among the namespace's
 * services (null when no quota counts the pods, for any other action, and in histories recorded
 * before the field).
 */
public record Evaluation(
    MetricsSnapshot snapshot,
    Decision decision,
    Verdict verdict,
    Health health,
    QuotaShare quotaShare) {

  public Evaluation(MetricsSnapshot snapshot, Decision decision, Verdict verdict, Health health) {
    this(snapshot, decision, verdict, health, null);
  }
}
