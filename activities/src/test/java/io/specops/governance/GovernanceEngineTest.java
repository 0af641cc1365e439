package io.specops.governance;

import static io.specops.decision.Snapshots.SEED_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.decision.Snapshots;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GovernanceEngineTest {
  private final GovernanceEngine governance = new GovernanceEngine();
  private final DecisionEngine engine = new DecisionEngine();

  @Test
  void seed001FrontendScaleUpIsAllowedCitingMaxReplicas() {
    Blueprint bp = TestBlueprints.frontend();
    Decision d = engine.decide(bp, Snapshots.seedFrontend(), DecisionContext.at(SEED_TIME, 1));
    Verdict v = governance.evaluate(bp, d, SEED_TIME);
    assertThat(v.governanceCheckId()).isEqualTo("gov-20260210-183000-todo-frontend-001");
    assertThat(v.decisionId()).isEqualTo("dec-20260210-183000-todo-frontend-001");
    assertThat(v.classification()).isEqualTo(Classification.ALLOWED);
    assertThat(v.requiresApproval()).isFalse();
    assertThat(v.rationale()).isEqualTo("Target replicas (3) within blueprint limits (1-5)");
    assertThat(v.blueprintReferences())
        .containsExactly("blueprints/frontend/blueprint.yaml:spec.scaling.max_replicas");
  }

  @Test
  void seed001BackendNoActionIsNotApplicable() {
    Blueprint bp = TestBlueprints.backend();
    Decision d = engine.decide(bp, Snapshots.seedBackend(), DecisionContext.at(SEED_TIME, 2));
    Verdict v = governance.evaluate(bp, d, SEED_TIME);
    assertThat(v.classification()).isEqualTo(Classification.NOT_APPLICABLE);
    assertThat(v.classification().wire()).isEqualTo("n/a");
    assertThat(v.rationale()).isEqualTo("No operation proposed, no governance check needed");
  }

  @Test
  void aTargetOutsideTheBoundsIsAlwaysDenied() {
    Blueprint bp = TestBlueprints.frontend();
    Decision d = manual(bp, 2, 7);
    Verdict v = governance.evaluate(bp, d, SEED_TIME);
    assertThat(v.classification()).isEqualTo(Classification.DENIED);
    assertThat(v.rationale()).isEqualTo("Target replicas (7) outside blueprint limits (1-5)");
    assertThat(v.blueprintReferences())
        .contains("blueprints/frontend/blueprint.yaml:spec.scaling.max_replicas");
  }

  @Test
  void aCriticalServiceScaleDownNeedsItsApprovers() {
    Blueprint bp = TestBlueprints.backend();
    Verdict v = governance.evaluate(bp, manual(bp, 4, 3), SEED_TIME);
    assertThat(v.classification()).isEqualTo(Classification.REQUIRES_APPROVAL);
    assertThat(v.requiresApproval()).isTrue();
    assertThat(v.approvers()).containsExactly("carol", "dave");
    assertThat(v.blueprintReferences())
        .contains("blueprints/backend/blueprint.yaml:spec.governance.require_approval.scale_down");
  }

  @Test
  void largeStepsAndHighReplicaCountsNeedApprovalWhenConfigured() {
    Blueprint bp =
        withGovernance(
            """
        approvers: [alice]
            require_approval: {step_above: 1, replicas_above: 3}""");
    Verdict step = governance.evaluate(bp, manual(bp, 1, 3), SEED_TIME);
    assertThat(step.classification()).isEqualTo(Classification.REQUIRES_APPROVAL);
    assertThat(step.rationale()).contains("a step of 2 replicas is larger than 1");
    Verdict high = governance.evaluate(bp, manual(bp, 3, 4), SEED_TIME);
    assertThat(high.rationale()).contains("target replicas (4) above 3");
    assertThat(governance.evaluate(bp, manual(bp, 2, 3), SEED_TIME).classification())
        .isEqualTo(Classification.ALLOWED);
  }

  @Test
  void deniedAndDisallowedOperationsAreDenied() {
    Blueprint noDown = withGovernance("approvers: [alice]\n    allowed_operations: [scale_up]");
    Verdict v = governance.evaluate(noDown, manual(noDown, 3, 2), SEED_TIME);
    assertThat(v.classification()).isEqualTo(Classification.DENIED);
    assertThat(v.blueprintReferences())
        .containsExactly("f.yaml:spec.governance.allowed_operations");
    Blueprint denied =
        withGovernance(
            "approvers: [alice]\n    denied_operations: [scale_up]\n    allowed_operations: [scale_down]");
    assertThat(governance.evaluate(denied, manual(denied, 2, 3), SEED_TIME).rationale())
        .contains("scale_up is a denied operation");
  }

  @Test
  void changeFreezeWindowsCrossMidnightInUtc() {
    Blueprint bp =
        withGovernance(
            """
        approvers: [alice]
            change_freeze:
              - days: [fri]
                start: "22:00"
                end: "06:00"
                reason: release weekend""");
    // 2026-02-13 is a Friday
    Instant saturdayMorning = Instant.parse("2026-02-14T05:59:00Z");
    Verdict v = governance.evaluate(bp, manual(bp, 2, 3), saturdayMorning);
    assertThat(v.classification()).isEqualTo(Classification.DENIED);
    assertThat(v.rationale())
        .isEqualTo("Change freeze in effect: fri 22:00-06:00 UTC (release weekend)");
    assertThat(v.blueprintReferences()).containsExactly("f.yaml:spec.governance.change_freeze[0]");
    assertThat(
            governance
                .evaluate(bp, manual(bp, 2, 3), Instant.parse("2026-02-14T06:00:00Z"))
                .classification())
        .isEqualTo(Classification.ALLOWED);
    assertThat(
            governance
                .evaluate(bp, manual(bp, 2, 3), Instant.parse("2026-02-13T21:59:00Z"))
                .classification())
        .isEqualTo(Classification.ALLOWED);
  }

  private static Blueprint withGovernance(String governanceYaml) {
    return BlueprintParser.parse(
        "f.yaml",
        TestBlueprints.yaml("frontend").replace("approvers: [alice, bob]", governanceYaml));
  }

  private static Decision manual(Blueprint bp, int from, int to) {
    return Decision.scaling(
        "dec-20260210-183000-009",
        bp.name(),
        to > from ? Action.SCALE_UP : Action.SCALE_DOWN,
        from,
        to,
        Decision.Basis.of("manual", "manual"),
        SEED_TIME,
        null);
  }
}
