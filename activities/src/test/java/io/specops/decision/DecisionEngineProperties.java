package io.specops.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.kubernetes.QuotaCeiling;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any valid blueprint and any metrics, a scaling target stays in [min, max] and moves at most
 * max_step, and nothing scales on invalid metrics.
 */
class DecisionEngineProperties {
  private static final Instant NOW = Instant.parse("2026-02-10T18:30:00Z");
  private final DecisionEngine engine = new DecisionEngine();

  @Property(tries = 3000)
  void targetsStayWithinBoundsAndStep(
      @ForAll("blueprints") Blueprint bp, @ForAll("snapshots") MetricsSnapshot snapshot) {
    Decision d = engine.decide(bp, snapshot, DecisionContext.at(NOW, 1));
    Blueprint.Scaling s = bp.spec().scaling();
    if (d.action() == Action.NO_ACTION) {
      assertThat(d.targetReplicas()).isEqualTo(d.currentReplicas());
      return;
    }
    assertThat(d.targetReplicas()).isBetween(s.minReplicas(), s.maxReplicas());
    if (d.trigger().equals("bounds")) {
      // outside its bounds, a service is brought straight back to the nearest one
      assertThat(d.targetReplicas())
          .isEqualTo(d.currentReplicas() < s.minReplicas() ? s.minReplicas() : s.maxReplicas());
      return;
    }
    assertThat(Math.abs(d.targetReplicas() - d.currentReplicas())).isBetween(1, s.maxStep());
    assertThat(d.action() == Action.SCALE_UP).isEqualTo(d.targetReplicas() > d.currentReplicas());
  }

  /**
   * Under a namespace quota's ceiling a scale-up never asks for more pods than the ceiling admits
   * (bounds repairs aside), and a full quota never scales up.
   */
  @Property(tries = 2000)
  void aScaleUpNeverPassesTheQuotaCeiling(
      @ForAll("blueprints") Blueprint bp,
      @ForAll("snapshots") MetricsSnapshot snapshot,
      @ForAll("ceilings") int ceiling) {
    Decision d =
        engine.decide(
            bp,
            snapshot.withQuota(new QuotaCeiling(ceiling, "q", "pods", "1", "2")),
            DecisionContext.at(NOW, 1));
    if (d.action() == Action.SCALE_UP && !d.trigger().equals("bounds")) {
      assertThat(d.targetReplicas())
          .isLessThanOrEqualTo(ceiling)
          .isGreaterThan(d.currentReplicas());
    }
  }

  @Provide
  Arbitrary<Integer> ceilings() {
    return Arbitraries.integers().between(0, 50);
  }

  @Property(tries = 2000)
  void invalidMetricsNeverScaleAWithinBoundsService(
      @ForAll("blueprints") Blueprint bp,
      @ForAll("badValue") Double bad,
      @ForAll("slot") int slot) {
    int replicas = bp.spec().scaling().minReplicas();
    Double[] values = {0.99, 0.99, 500.0};
    values[slot] = bad;
    MetricsSnapshot snapshot =
        new MetricsSnapshot(
            "svc",
            replicas,
            replicas,
            replicas,
            new Metrics(values[0], values[1], 10.0, values[2], 1.0, 0.0),
            NOW,
            "fuzz");
    Decision d = engine.decide(bp, snapshot, DecisionContext.at(NOW, 1));
    assertThat(d.action()).isEqualTo(Action.NO_ACTION);
    assertThat(d.rationale()).startsWith("Insufficient metrics");
  }

  @Provide
  Arbitrary<Blueprint> blueprints() {
    Arbitrary<Integer> min = Arbitraries.integers().between(1, 10);
    Arbitrary<Integer> span = Arbitraries.integers().between(0, 30);
    Arbitrary<Integer> step = Arbitraries.integers().between(1, 6);
    Arbitrary<Integer> down = Arbitraries.integers().between(1, 60);
    Arbitrary<Integer> gap = Arbitraries.integers().between(1, 39);
    Arbitrary<Integer> target = Arbitraries.integers().between(10, 100);
    return Combinators.combine(min, span, step, down, gap, target)
        .as(
            (mn, sp, st, dn, gp, tg) ->
                BlueprintParser.parse(
                    "prop.yaml",
                    """
            metadata: {name: svc}
            spec:
              scaling:
                min_replicas: %d
                max_replicas: %d
                max_step: %d
                scale_down_threshold: %d%%
                scale_up_threshold: %d%%
                target_cpu_utilization: %d%%
              resources: {cpu_request: 100m, memory_request: 128Mi}
              performance: {latency_p95_target: 200ms}
            """
                        .formatted(mn, mn + sp, st, dn, dn + gp, tg)));
  }

  @Provide
  Arbitrary<MetricsSnapshot> snapshots() {
    Arbitrary<Integer> replicas = Arbitraries.integers().between(0, 45);
    Arbitrary<Double> util = Arbitraries.doubles().between(0, 3);
    Arbitrary<Double> latency = Arbitraries.doubles().between(0, 2000);
    Arbitrary<Integer> notReady = Arbitraries.integers().between(0, 3);
    return Combinators.combine(replicas, util, util, latency, notReady)
        .as(
            (r, cpu, mem, p95, nr) ->
                new MetricsSnapshot(
                    "svc",
                    r,
                    r,
                    Math.max(0, r - nr),
                    new Metrics(cpu, mem, p95 / 2, p95, 1.0, 0.0),
                    NOW,
                    "prop"));
  }

  @Provide
  Arbitrary<Double> badValue() {
    return Arbitraries.of(
        null, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.5, -1e9);
  }

  @Provide
  Arbitrary<Integer> slot() {
    return Arbitraries.integers().between(0, 2);
  }
}
