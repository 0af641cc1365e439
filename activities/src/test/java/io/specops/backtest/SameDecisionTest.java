package io.specops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.audit.AuditLog;
import io.specops.blueprint.Blueprint;
import io.specops.decision.Decision;
import io.specops.decision.DecisionEngine;
import io.specops.forecast.DemandHistory;
import io.specops.governance.GovernanceEngine;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.service.Evaluation;
import io.specops.service.EvaluationActivitiesImpl;
import io.specops.service.EvaluationRequest;
import io.specops.simulation.LoadProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One code path: the backtest's specops policy and the workflow's evaluation activity, given the
 * same blueprint, metrics, context and demand history, make the same decision with the same
 * forecast (the activity rebuilds its forecaster from the metrics source's history; the policy fed
 * its own as it went).
 */
class SameDecisionTest {
  @TempDir Path dir;

  @Test
  void theBacktestPolicyAndTheEvaluationActivityDecideAlike() throws Exception {
    Blueprint bp = BacktestTest.benchBlueprint();
    int decisions = 0;
    for (int minutes : new int[] {95, 130, 181, 240}) {
      Path trace = trace(minutes);
      LoadProfile.Trace t = LoadProfile.Trace.read(trace);
      SpecopsPolicy policy = new SpecopsPolicy(bp);
      new Backtest(bp, t, Backtest.defaultCapacity(t, bp), Duration.ofSeconds(50)).run(policy);
      Decision expected = policy.lastDecision();
      MetricsSnapshot observed = expected.observed();
      DemandHistory history = policy.forecaster().history();
      MetricsSource source =
          new MetricsSource() {
            @Override
            public MetricsSnapshot collect(Blueprint blueprint) {
              return observed;
            }

            @Override
            public DemandHistory demandHistory(Blueprint blueprint, Duration window) {
              return history;
            }
          };
      Evaluation ev =
          new EvaluationActivitiesImpl(
                  source, new DecisionEngine(), new GovernanceEngine(), new AuditLog(dir))
              .evaluate(new EvaluationRequest(bp, policy.lastContext(), "schedule", null, true));
      assertThat(ev.decision()).as("after %d minutes", minutes).isEqualTo(expected);
      assertThat(ev.decision().forecast()).as("a forecast made the decision").isNotNull();
      assertThat(ev.decision().forecast().model()).isEqualTo("forecast");
      decisions++;
    }
    assertThat(decisions).isEqualTo(4);
  }

  /** A day-shaped ramp with minute-to-minute wobble, cut at {@code minutes}. */
  private Path trace(int minutes) throws Exception {
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    for (int m = 0; m < minutes; m++) {
      double rps = 40 + 30 * Math.sin(m / 40.0) + ((m * 7919) % 13) - 6;
      csv.append(m * 60).append(',').append(Math.round(rps * 60)).append('\n');
    }
    Path file = dir.resolve("trace-" + minutes + ".csv");
    Files.writeString(file, csv);
    return file;
  }
}
