package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.audit.AuditLog;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision to scale is left for the workflow to record once the evaluation is in its history (a
 * worker killed mid-task must not leave a decision the workflow never made); no_action is recorded
 * here, so an idle evaluation stays one local activity.
 */
class EvaluationActivitiesImplTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  @TempDir Path dir;

  @Test
  void scalingDecisionsAreLeftToTheWorkflowAndNoActionIsRecordedHere() {
    AuditLog audit = new AuditLog(dir);
    EvaluationActivitiesImpl busy =
        new EvaluationActivitiesImpl(
            bp ->
                new MetricsSnapshot(
                    bp.name(),
                    2,
                    2,
                    2,
                    new Metrics(0.95, 0.8, 100.0, 190.0, 200.0, 0.001),
                    NOW,
                    "test"),
            new DecisionEngine(),
            new GovernanceEngine(),
            audit);
    Evaluation scale =
        busy.evaluate(
            new EvaluationRequest(
                TestBlueprints.frontend(), DecisionContext.at(NOW, 1), "schedule", null, true));
    assertThat(scale.decision().action()).isEqualTo(Action.SCALE_UP);
    assertThat(audit.read(LocalDate.ofInstant(NOW, ZoneOffset.UTC))).isEmpty();

    // workflows started before the change still get every record from the evaluation
    busy.evaluate(
        new EvaluationRequest(
            TestBlueprints.frontend(), DecisionContext.at(NOW, 2), "schedule", null, false));
    assertThat(audit.read(LocalDate.ofInstant(NOW, ZoneOffset.UTC))).hasSize(2);

    EvaluationActivitiesImpl idle =
        new EvaluationActivitiesImpl(
            bp ->
                new MetricsSnapshot(
                    bp.name(),
                    2,
                    2,
                    2,
                    new Metrics(0.5, 0.5, 50.0, 100.0, 100.0, 0.001),
                    NOW,
                    "test"),
            new DecisionEngine(),
            new GovernanceEngine(),
            audit);
    Evaluation none =
        idle.evaluate(
            new EvaluationRequest(
                TestBlueprints.frontend(), DecisionContext.at(NOW, 3), "schedule", null, true));
    assertThat(none.decision().action()).isEqualTo(Action.NO_ACTION);
    assertThat(audit.read(LocalDate.ofInstant(NOW, ZoneOffset.UTC)))
        .hasSize(4)
        .anySatisfy(r -> assertThat(r.path("action").asText()).isEqualTo("no_action"));
  }
}
