package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void badOptionsAreOneClearLineBeforeAnythingRuns() {
    CliRunner servers = CliRunner.run("bench", "--servers", "test,prod");
    assertThat(servers.exitCode()).isEqualTo(SpecopsCli.INVALID_INPUT);
    assertThat(servers.err().strip())
        .isEqualTo("specops: --servers: test or dev, got [test, prod]");
    CliRunner sizes = CliRunner.run("bench", "--services", "100,0");
    assertThat(sizes.err()).contains("--services: each number must be between 1 and 20000");
    CliRunner help = CliRunner.run("bench", "--help");
    assertThat(help.out()).contains("evaluations per second").contains("--tunings");
  }
}
