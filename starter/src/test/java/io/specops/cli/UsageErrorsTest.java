package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A mistyped verb gets the right one, multi-word verbs included; start/stop without a service point
 * at the fleet's.
 */
class UsageErrorsTest {
  @Test
  void typosSuggestTheRightVerb() {
    assertThat(CliRunner.run("strat").err()).contains("did you mean: specops start?");
    assertThat(CliRunner.run("staus").err()).contains("did you mean: specops status?");
    assertThat(CliRunner.run("fleet", "strat").err())
        .contains("did you mean: specops fleet start?");
    assertThat(CliRunner.run("blueprint", "aply").err())
        .contains("did you mean: specops blueprint apply?");
    CliRunner unknown = CliRunner.run("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo("specops: unknown command 'frobnicate' (all commands: specops --help)");
  }

  @Test
  void startAndStopWithoutAServiceSuggestTheFleetsVerbsNotStatus() {
    CliRunner start = CliRunner.run("start");
    assertThat(start.exitCode()).isEqualTo(2);
    assertThat(start.err())
        .contains("the whole fleet: specops fleet start")
        .doesNotContain("status");
    assertThat(CliRunner.run("stop").err()).contains("the whole fleet: specops fleet stop");
  }

  @Test
  void everySeedVerbExists() {
    // seed 003: init, start, stop, status, health, metrics, scale, list; seed 002: cost, predict,
    // recommend
    for (String verb :
        new String[] {
          "init",
          "start",
          "stop",
          "status",
          "health",
          "metrics",
          "scale",
          "list",
          "cost",
          "predict",
          "recommend",
          "approve",
          "reject",
          "pause",
          "resume",
          "evaluate",
          "decisions"
        }) {
      CliRunner help = CliRunner.run(verb, "--help");
      assertThat(help.exitCode()).as(verb).isZero();
      assertThat(help.out()).as(verb).startsWith("Usage: specops " + verb);
    }
  }
}
