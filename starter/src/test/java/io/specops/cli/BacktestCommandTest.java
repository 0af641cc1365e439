package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.TestBlueprints;
import io.specops.json.Json;
import io.specops.prediction.Forecast;
import io.specops.prediction.Health;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {
  @TempDir Path dir;

  @Test
  void jsonComparesTheThreePoliciesWithRatiosAndTheChartIsAPng() throws Exception {
    Path trace = dir.resolve("spiky.csv");
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    for (int m = 0; m < 180; m++) {
      csv.append(m * 60).append(',').append((m % 60 < 10 ? 300 : 60) * 60).append('\n');
    }
    Files.writeString(trace, csv);
    Path chart = dir.resolve("out.png");
    CliRunner r =
        CliRunner.run(
            "backtest",
            "--blueprint",
            TestBlueprints.repoRoot().resolve("bench/backtest-blueprint.yaml").toString(),
            "--trace",
            trace.toString(),
            "--json",
            "--chart",
            chart.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = Json.mapper().readTree(r.out());
    assertThat(json.get("trace").asText()).isEqualTo("spiky.csv");
    assertThat(json.get("policies"))
        .extracting(p -> p.get("policy").asText())
        .containsExactly("specops", "hpa", "oracle");
    JsonNode specops = json.get("policies").get(0);
    assertThat(specops.get("slo_violation_minutes").isNumber()).isTrue();
    assertThat(specops.get("replica_minutes").asDouble()).isPositive();
    assertThat(specops.at("/vs_hpa/replica_minutes").isNumber()).isTrue();
    assertThat(specops.at("/vs_oracle/replica_minutes").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(json.get("policies").get(2).get("slo_violation_minutes").asDouble()).isZero();
    assertThat(specops.at("/elasticity/theta_u").isNumber()).isTrue();
    assertThat(specops.at("/elasticity/sigma").asDouble())
        .isGreaterThanOrEqualTo(specops.at("/elasticity/tau_o").asDouble());
    assertThat(specops.get("violation_episodes").isInt()).isTrue();
    assertThat(specops.at("/forecast/coverage_target").asDouble()).isEqualTo(0.9);
    assertThat(json.get("policies").get(1).has("forecast"))
        .as("the HPA does not forecast")
        .isFalse();
    byte[] png = Files.readAllBytes(chart);
    assertThat(png.length).isGreaterThan(10_000);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void theClairvoyantIsAPolicyToAskForAndAnUnknownOneIsNamed() throws Exception {
    Path trace = dir.resolve("flat.csv");
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    for (int m = 0; m < 60; m++) {
      csv.append(m * 60).append(',').append((m % 7) * 600 + 3000).append('\n');
    }
    Files.writeString(trace, csv);
    String bp = TestBlueprints.repoRoot().resolve("bench/backtest-blueprint.yaml").toString();
    CliRunner r =
        CliRunner.run(
            "backtest",
            "--blueprint",
            bp,
            "--trace",
            trace.toString(),
            "--policies",
            "oracle,clairvoyant, oracle");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(" oracle ").contains(" clairvoyant ");
    assertThat(r.out().lines().filter(l -> l.startsWith("flat.csv ") && l.contains(" oracle ")))
        .as("a policy named twice is run and printed once, in each table")
        .hasSize(2);
    CliRunner bad =
        CliRunner.run(
            "backtest", "--blueprint", bp, "--trace", trace.toString(), "--policies", "keda");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("unknown policy keda").contains("clairvoyant");
  }

  @Test
  void sweepTracesTheHpaSpecopsAndTheLevelKnownReferenceOverTheirKnobsAndDrawsTheFrontier()
      throws Exception {
    Path trace = dir.resolve("waves.csv");
    StringBuilder csv = new StringBuilder("t_seconds,requests\n");
    for (int m = 0; m < 240; m++) {
      csv.append(m * 60)
          .append(',')
          .append(Math.round((100 + 60 * Math.sin(m / 20.0)) * 60))
          .append('\n');
    }
    Files.writeString(trace, csv);
    Path chart = dir.resolve("frontier.png");
    CliRunner r =
        CliRunner.run(
            "backtest",
            "--blueprint",
            TestBlueprints.repoRoot().resolve("bench/backtest-blueprint.yaml").toString(),
            "--trace",
            trace.toString(),
            "--sweep",
            "--chart",
            chart.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("hpa         target 50%")
        .contains("hpa         target 90%")
        .contains("specops     cover 70%")
        .contains("specops     cover 98%")
        .contains("level-known cover 90%")
        .contains("level-known cover 99.8%")
        .contains("viol/hpa");
    assertThat(r.out().lines().filter(l -> l.startsWith("waves.csv ")).count()).isEqualTo(17);
    assertThat(new String(Files.readAllBytes(chart), 1, 3, StandardCharsets.US_ASCII))
        .isEqualTo("PNG");
    // progress, one line per run, on stderr only
    assertThat(r.err().lines().toList())
        .hasSize(17)
        .startsWith("sweep 1/17: hpa target 50%")
        .contains("sweep 6/17: specops cover 70%")
        .endsWith("sweep 17/17: level-known cover 99.8%");
    assertThat(r.out()).doesNotContain("sweep 1/17");
  }

  @Test
  void aBadTraceIsOneClearLine() throws Exception {
    CliRunner r = backtestOf("bad.csv", "t_seconds,requests\n0,abc\n");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("specops: ")
        .contains("bad.csv line 2: requests \"abc\" is not a number")
        .hasLineCount(1);
    CliRunner oneColumn = backtestOf("short.csv", "t_seconds,requests\n0,4\n60\n");
    assertThat(oneColumn.exitCode()).isEqualTo(1);
    assertThat(oneColumn.err())
        .contains("short.csv line 3: not a t_seconds,requests row: 60")
        .hasLineCount(1);
  }

  @Test
  void aTraceWithAMissingMinuteIsRefusedNamingTheLine() throws Exception {
    // a range query leaves out the steps where its series is absent: minute 2 is missing here
    CliRunner r = backtestOf("gap.csv", "t_seconds,requests\n0,50\n60,52\n180,49\n240,51\n");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("specops: ")
        .contains(
            "gap.csv line 4: t_seconds 180 is 120 s after the row before, but the trace's"
                + " buckets are 60 s")
        .contains("write a bucket without requests as 0");
    assertThat(r.out()).isEmpty();

    assertThat(backtestOf("negative.csv", "t_seconds,requests\n0,50\n60,-1\n").err())
        .contains("negative.csv line 3: requests -1.0 is not a count (>= 0)");
  }

  /** Runs the backtest with the bench blueprint on a trace written from {@code csv}. */
  private CliRunner backtestOf(String name, String csv) throws Exception {
    Path trace = dir.resolve(name);
    Files.writeString(trace, csv);
    return CliRunner.run(
        "backtest",
        "--blueprint",
        TestBlueprints.repoRoot().resolve("bench/backtest-blueprint.yaml").toString(),
        "--trace",
        trace.toString());
  }

  @Test
  void predictPrintsEachForecastWithItsEmaAndTrend() {
    Map<String, Forecast> forecasts = new LinkedHashMap<>();
    forecasts.put("cpu", new Forecast("cpu", 0.452, 0.45, 0.17, 0.528, 300, 40));
    forecasts.put("throughput", new Forecast("throughput", 75.3, 75.0, 0.19, 89.1, 300, 40));
    String text =
        PredictCommand.render(
            "postgres",
            Duration.ofMinutes(5),
            40,
            forecasts,
            new Health(78, "healthy", 100, 100, 60, 0),
            new Health(72, "healthy", 90, 100, 60, 0));
    assertThat(text)
        .contains("Load Prediction (5m horizon, 40 samples): postgres")
        .contains("45.2% -> 52.8%")
        .contains("75.3 rps -> 89.1 rps")
        .contains("trend +17%")
        .contains("78/100 (healthy)");
  }
}
