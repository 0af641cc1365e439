package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `specops --help` lists each command's first description line: it must be a whole sentence. */
class HelpTextTest {
  @Test
  void everyCommandsSummaryIsAWholeSentence() {
    CommandLine cli = new CommandLine(new SpecopsCli());
    assertThat(cli.getSubcommands()).isNotEmpty();
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help")) {
                return;
              }
              String[] description = sub.getCommandSpec().usageMessage().description();
              assertThat(description).as(name).isNotEmpty();
              assertThat(description[0].strip()).as("the summary of " + name).endsWith(".");
              sub.getSubcommands()
                  .forEach(
                      (child, c) ->
                          assertThat(c.getCommandSpec().usageMessage().description()[0].strip())
                              .as("the summary of " + name + " " + child)
                              .endsWith("."));
            });
  }
}
