package io.specops.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.decision.Snapshots;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PredictionTest {
  private static final Instant T0 = Instant.parse("2026-02-10T18:00:00Z");

  @Test
  void emaWithAlphaPointThreeAndATrendFromRecentAgainstOlderSamples() {
    List<HistoryPoint> flat = series(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    Forecast f = Predictor.forecast(flat, HistoryPoint::weighted, "w", 0.3, Duration.ofMinutes(5));
    assertThat(f.ema()).isEqualTo(0.5);
    assertThat(f.trendFactor()).isZero();
    assertThat(f.predicted()).isEqualTo(0.5);

    // +2% per 30 s sample: the newest five average 0.68, the five before 0.58, 150 s apart
    List<HistoryPoint> rising = series(0.54, 0.56, 0.58, 0.60, 0.62, 0.64, 0.66, 0.68, 0.70, 0.72);
    Forecast up =
        Predictor.forecast(rising, HistoryPoint::weighted, "w", 0.3, Duration.ofMinutes(5));
    double ema = 0.54;
    for (double v : new double[] {0.56, 0.58, 0.60, 0.62, 0.64, 0.66, 0.68, 0.70, 0.72}) {
      ema = 0.3 * v + 0.7 * ema;
    }
    assertThat(up.ema()).isCloseTo(ema, Offset.offset(1e-6));
    assertThat(up.trendFactor()).isCloseTo((0.68 - 0.58) / 0.58 / 150 * 300, Offset.offset(1e-6));
    assertThat(up.predicted()).isCloseTo(up.ema() * (1 + up.trendFactor()), Offset.offset(1e-6));
    assertThat(
            Predictor.forecast(
                rising.subList(0, 9), HistoryPoint::weighted, "w", 0.3, Duration.ofMinutes(5)))
        .isNull();
  }

  @Test
  void aRisingLoadScalesUpBeforeTheBreachAndSaysItWasPredictive() {
    List<HistoryPoint> history = series(0.40, 0.44, 0.48, 0.52, 0.56, 0.60, 0.64, 0.68, 0.72, 0.74);
    // now 0.77 weighted: below the 80% threshold, but rising about 4 points per 30 s
    MetricsSnapshot now =
        new MetricsSnapshot(
            "todo-frontend",
            2,
            2,
            2,
            new Metrics(0.82, 0.70, 100.0, 150.0, 100.0, 0.0),
            T0.plusSeconds(300),
            "test");
    Decision d =
        new DecisionEngine()
            .decide(
                emaFrontend(),
                now,
                new DecisionContext(T0.plusSeconds(300), 11, null, null, history));
    assertThat(d.action()).isEqualTo(Action.SCALE_UP);
    assertThat(d.trigger()).isEqualTo("predictive");
    assertThat(d.rationale())
        .startsWith("Predicted weighted utilization (")
        .contains("in 80s) crosses scale_up_threshold (80%)");
    assertThat(d.forecast().predictedUtilization()).isGreaterThan(0.8);
    assertThat(d.forecast().horizon()).isEqualTo("80s");
  }

  @Test
  void aForecastNeverLowersATargetOrScalesDownIntoRisingLoad() {
    List<HistoryPoint> falling = series(0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35);
    Decision d =
        new DecisionEngine()
            .decide(
                emaFrontend(),
                Snapshots.seedFrontend(),
                new DecisionContext(Snapshots.SEED_TIME, 11, null, null, shifted(falling)));
    assertThat(d.action()).isEqualTo(Action.SCALE_UP);
    assertThat(d.targetReplicas())
        .isEqualTo(3); // the reactive target, not lowered by the falling forecast

    List<HistoryPoint> rising = series(0.10, 0.12, 0.14, 0.16, 0.18, 0.24, 0.28, 0.32, 0.36, 0.38);
    MetricsSnapshot idle = Snapshots.of("todo-frontend", 4, 0.30, 0.30, 60.0);
    Decision held =
        new DecisionEngine()
            .decide(
                emaFrontend(),
                idle,
                new DecisionContext(Snapshots.SEED_TIME, 11, null, null, shifted(rising)));
    assertThat(held.action()).isEqualTo(Action.NO_ACTION);
    assertThat(held.trigger()).isEqualTo("predictive");
    assertThat(held.rationale()).contains("No scale-down while load is rising");
  }

  @Test
  void healthScoresWeighCpuMemoryErrorsAndLatency() {
    Health frontend = HealthScore.of(TestBlueprints.frontend(), Snapshots.seedFrontend().metrics());
    assertThat(frontend.score()).isEqualTo(80); // cpu 50, memory 100, errors 75, latency 100
    assertThat(frontend.status()).isEqualTo("healthy");
    Health backend = HealthScore.of(TestBlueprints.backend(), Snapshots.seedBackend().metrics());
    assertThat(backend.score()).isEqualTo(96);
    Health hot =
        HealthScore.of(
            TestBlueprints.frontend(), new Metrics(0.98, 0.95, 200.0, 390.0, 10.0, 0.015));
    assertThat(hot.status()).isEqualTo("unhealthy");
    Health warm =
        HealthScore.of(
            TestBlueprints.frontend(), new Metrics(0.9, 0.85, 150.0, 250.0, 10.0, 0.008));
    assertThat(warm.status()).isEqualTo("degraded");
    assertThat(HealthScore.of(TestBlueprints.frontend(), Metrics.none()).score()).isZero();
  }

  /**
   * Seed 002's model, chosen by name: the default scaling forecaster is the demand forecaster
   * (docs/forecasting.md).
   */
  static Blueprint emaFrontend() {
    return BlueprintParser.parse(
        "blueprints/frontend/blueprint.yaml",
        TestBlueprints.yaml("frontend") + "  prediction:\n    model: ema\n");
  }

  static List<HistoryPoint> series(double... weighted) {
    List<HistoryPoint> out = new ArrayList<>();
    for (int i = 0; i < weighted.length; i++) {
      out.add(
          new HistoryPoint(
              T0.plusSeconds(30L * i),
              2,
              weighted[i],
              weighted[i],
              weighted[i],
              100.0,
              100.0,
              0.0));
    }
    return out;
  }

  /** The same series, ending 30 s before the seed's time. */
  static List<HistoryPoint> shifted(List<HistoryPoint> points) {
    List<HistoryPoint> out = new ArrayList<>();
    Instant end = Snapshots.SEED_TIME.minusSeconds(30);
    for (int i = 0; i < points.size(); i++) {
      HistoryPoint p = points.get(i);
      out.add(
          new HistoryPoint(
              end.minusSeconds(30L * (points.size() - 1 - i)),
              p.replicas(),
              p.weighted(),
              p.cpu(),
              p.memory(),
              p.latencyP95(),
              p.throughput(),
              p.errorRate()));
    }
    return out;
  }
}
