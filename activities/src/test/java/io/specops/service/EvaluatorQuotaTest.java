package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.governance.GovernanceEngine;
import io.specops.kubernetes.QuotaCeiling;
import io.specops.kubernetes.QuotaCeilings;
import io.specops.kubernetes.QuotaReading;
import io.specops.kubernetes.QuotaShare;
import io.specops.kubernetes.WorkloadRef;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluation reads the namespace's quota ceiling only when its decision scales up, decides
 * again under it, and keeps the ceiling in the snapshot it records; a quota it cannot read leaves
 * the decision as it was.
 */
class EvaluatorQuotaTest {
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  /** The seed frontend, free to go up several replicas at once. */
  final Blueprint frontend =
      BlueprintParser.parse(
          "roomy.yaml",
          TestBlueprints.withScaling(
              """
        min_replicas: 1
        max_replicas: 20
        max_step: 10"""));

  final List<WorkloadRef> reads = new ArrayList<>();

  @Test
  void aScaleUpIsDecidedAgainUnderTheQuotaCeiling() {
    QuotaCeiling five = new QuotaCeiling(5, "team", "pods", "9", "10");
    Evaluation ev =
        evaluator(4, 0.98)
            .withQuotas(counted(five))
            .evaluate(frontend, DecisionContext.at(NOW, 1), null, null);
    assertThat(reads).containsExactly(WorkloadRef.of(frontend));
    assertThat(ev.decision().action()).isEqualTo(Action.SCALE_UP);
    // uncapped: ceil(4 x 97.4% / 70%) = 6
    assertThat(ev.decision().targetReplicas()).isEqualTo(5);
    assertThat(ev.decision().rationale()).contains("limited by the namespace's ResourceQuota team");
    assertThat(ev.snapshot().quota()).isEqualTo(five);
    assertThat(ev.decision().observed().quota()).isEqualTo(five);
  }

  @Test
  void aCeilingAboveTheTargetChangesNothingAndNoActionReadsNoQuota() {
    Evaluation roomy =
        evaluator(2, 0.98)
            .withQuotas(counted(new QuotaCeiling(50, "team", "pods", "2", "50")))
            .evaluate(frontend, DecisionContext.at(NOW, 1), null, null);
    Evaluation uncapped =
        evaluator(2, 0.98).evaluate(frontend, DecisionContext.at(NOW, 1), null, null);
    assertThat(roomy.decision()).isEqualTo(uncapped.decision());
    assertThat(roomy.snapshot().quota()).as("nothing to record").isNull();

    reads.clear();
    Evaluation idle =
        evaluator(2, 0.5)
            .withQuotas(counted(null))
            .evaluate(frontend, DecisionContext.at(NOW, 2), null, null);
    assertThat(idle.decision().action()).isEqualTo(Action.NO_ACTION);
    assertThat(reads).as("an idle evaluation costs no quota read").isEmpty();
  }

  @Test
  void aQuotaThatCannotBeReadLeavesTheDecisionAsItWas() {
    Evaluation ev =
        evaluator(2, 0.98)
            .withQuotas(
                ref -> {
                  throw new IllegalStateException("connection refused");
                })
            .evaluate(frontend, DecisionContext.at(NOW, 1), null, null);
    Evaluation uncapped =
        evaluator(2, 0.98).evaluate(frontend, DecisionContext.at(NOW, 1), null, null);
    assertThat(ev.decision()).isEqualTo(uncapped.decision());
  }

  @Test
  void aManualRequestStopsAtTheCeilingToo() {
    Evaluation ev =
        evaluator(2, 0.5)
            .withQuotas(ref -> QuotaReading.of(new QuotaCeiling(3, "team", "pods", "9", "10")))
            .evaluate(
                frontend, DecisionContext.at(NOW, 1), new ScaleCommand(5, "alice", null), null);
    assertThat(ev.decision().targetReplicas()).isEqualTo(3);
    assertThat(ev.decision().rationale()).endsWith("; ask again when it has room).");
  }

  @Test
  void aScaleUpCarriesWhatItsNewPodsTakeFromTheQuotaSoTheCoordinatorCanPoolIt() {
    QuotaShare share = new QuotaShare("todo-app", Map.of("team-cpu/requests.cpu", 0.05));
    QuotaCeilings quota =
        ref -> new QuotaReading(new QuotaCeiling(50, "team-cpu", "requests.cpu", "1", "3"), share);
    Evaluation up =
        evaluator(2, 0.98)
            .withQuotas(quota)
            .evaluate(frontend, DecisionContext.at(NOW, 1), null, null);
    assertThat(up.decision().action()).isEqualTo(Action.SCALE_UP);
    assertThat(up.quotaShare()).isEqualTo(share);
    assertThat(up.snapshot().quota()).as("the ceiling does not bind").isNull();

    Evaluation full =
        evaluator(2, 0.98)
            .withQuotas(
                ref ->
                    new QuotaReading(
                        new QuotaCeiling(2, "team-cpu", "requests.cpu", "3", "3"), share))
            .evaluate(frontend, DecisionContext.at(NOW, 2), null, null);
    assertThat(full.decision().action()).isEqualTo(Action.NO_ACTION);
    assertThat(full.quotaShare()).as("nothing to pool without a scale-up").isNull();
  }

  /**
   * A scale-down carries what its pods give back, so that the coordinator holds that room for its
   * rollback, and is never decided again under a ceiling: a quota lowered below what the namespace
   * uses leaves no room, and the scale-down still goes. A move into the bounds, never rolled back,
   * reads no quota. Before, a scale-down carried nothing, and the room its pods freed was granted
   * to another service of the namespace while its verification could still roll it back up.
   */
  @Test
  void aScaleDownCarriesWhatItsPodsGiveBackAndIsNotCapped() {
    QuotaShare share = new QuotaShare("todo-app", Map.of("team-cpu/requests.cpu", 0.05));
    Evaluation down =
        evaluator(4, 0.2)
            .withQuotas(
                ref -> {
                  reads.add(ref);
                  return new QuotaReading(
                      new QuotaCeiling(1, "team-cpu", "requests.cpu", "3", "2"), share);
                })
            .evaluate(frontend, DecisionContext.at(NOW, 1), null, null);
    assertThat(down.decision().action()).isEqualTo(Action.SCALE_DOWN);
    assertThat(down.decision().targetReplicas()).isEqualTo(2);
    assertThat(down.decision().rationale()).doesNotContain("ResourceQuota");
    assertThat(down.snapshot().quota()).isNull();
    assertThat(down.quotaShare()).isEqualTo(share);
    assertThat(reads).containsExactly(WorkloadRef.of(frontend));

    reads.clear();
    Blueprint capped =
        BlueprintParser.parse(
            "capped.yaml",
            TestBlueprints.withScaling(
                """
        min_replicas: 1
        max_replicas: 3
        max_step: 10"""));
    Evaluation intoBounds =
        evaluator(6, 0.5)
            .withQuotas(counted(new QuotaCeiling(1, "team-cpu", "requests.cpu", "3", "2")))
            .evaluate(capped, DecisionContext.at(NOW, 2), null, null);
    assertThat(intoBounds.decision().trigger()).isEqualTo("bounds");
    assertThat(intoBounds.quotaShare()).isNull();
    assertThat(reads).as("never rolled back: nothing to hold").isEmpty();
  }

  /** Answers {@code ceiling}, noting each read. */
  private QuotaCeilings counted(QuotaCeiling ceiling) {
    return ref -> {
      reads.add(ref);
      return ceiling == null ? null : QuotaReading.of(ceiling);
    };
  }

  private static Evaluator evaluator(int replicas, double cpu) {
    return new Evaluator(
        bp ->
            new MetricsSnapshot(
                bp.name(),
                replicas,
                replicas,
                replicas,
                new Metrics(cpu, cpu, 100.0, 190.0, 200.0, 0.001),
                NOW,
                "test"),
        new DecisionEngine(),
        new GovernanceEngine());
  }
}
