package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A demo run writes its audit records under a directory of its own, apart from a worker's log of
 * the day.
 */
class DemoCommandTest {
  @Test
  void eachDemoRunHasItsOwnAuditDirectory() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--scenario", "conflict");
    List<String> command = demo.workerArguments();
    assertThat(command)
        .anySatisfy(
            arg ->
                assertThat(arg)
                    .matches(
                        "--specops\\.audit-dir=logs/demo/conflict-\\d{8}-\\d{6}/agent-decisions"));
    DemoCommand chosen = new DemoCommand();
    new CommandLine(chosen).parseArgs("--audit-dir", "/tmp/mine");
    assertThat(chosen.workerArguments()).contains("--specops.audit-dir=/tmp/mine");
  }
}
