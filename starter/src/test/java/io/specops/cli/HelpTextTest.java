package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `specops --help` lists each command's first description line: it must be a whole sentence. Every
 * help text is a format string (picocli expands %n): a bare % prints a warning on stderr instead.
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpPrintsWithoutAWarning() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    List<String> helped = new ArrayList<>();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      printHelp(new CommandLine(new SpecopsCli()), helped);
    } finally {
      System.setErr(stderr);
    }
    assertThat(helped).contains("specops", "specops backtest", "specops health", "specops decide");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static void printHelp(CommandLine command, List<String> helped) {
    String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(usage).as(command.getCommandSpec().qualifiedName()).contains("Usage:");
    helped.add(command.getCommandSpec().qualifiedName());
    command.getSubcommands().values().forEach(sub -> printHelp(sub, helped));
  }

  /**
   * picocli starts a new line at each element of a description and wraps long ones at 80 columns,
   * so an element that stops mid-sentence leaves a ragged line: each one but the last is a whole
   * paragraph.
   */
  @Test
  void everyDescriptionLineIsAWholeParagraph() {
    List<String> ragged = new ArrayList<>();
    collectRagged(new CommandLine(new SpecopsCli()), ragged);
    assertThat(ragged).isEmpty();
  }

  private static void collectRagged(CommandLine command, List<String> ragged) {
    String name = command.getCommandSpec().qualifiedName();
    if (name.endsWith(" help")) {
      return; // picocli's own
    }
    List<String[]> descriptions = new ArrayList<>();
    descriptions.add(command.getCommandSpec().usageMessage().description());
    command.getCommandSpec().args().forEach(arg -> descriptions.add(arg.description()));
    for (String[] lines : descriptions) {
      for (int i = 0; i < lines.length - 1; i++) {
        String line = lines[i].strip();
        if (!line.endsWith(".") && !line.endsWith(":")) {
          ragged.add(name + ": " + line);
        }
      }
    }
    command.getSubcommands().values().forEach(sub -> collectRagged(sub, ragged));
  }

  /**
   * picocli wraps at the line breaks Java allows, which include the middle of a path ("~/." then
   * "config/...", ". /specops"): a reader copying one must find it whole on one line.
   */
  @Test
  void everyPathInAHelpTextPrintsOnOneLine() {
    List<String> split = new ArrayList<>();
    collectSplitPaths(new CommandLine(new SpecopsCli()), split);
    assertThat(split).isEmpty();
  }

  private static final Pattern PATH = Pattern.compile("[^\\s(]*[/:~][^\\s,;)]*[^\\s,;).:]");

  private static void collectSplitPaths(CommandLine command, List<String> split) {
    String name = command.getCommandSpec().qualifiedName();
    List<String> rendered =
        command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().map(String::strip).toList();
    List<String> texts =
        new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
    command.getCommandSpec().args().forEach(arg -> texts.addAll(List.of(arg.description())));
    for (String text : texts) {
      Matcher path = PATH.matcher(text.replace("%n", " "));
      while (path.find()) {
        String token = path.group();
        if (!token.contains("${") && rendered.stream().noneMatch(line -> line.contains(token))) {
          split.add(name + ": " + token);
        }
      }
    }
    command.getSubcommands().values().forEach(sub -> collectSplitPaths(sub, split));
  }

  /** The synopsis wraps at the same breaks: "[--address=HOST:" then "PORT]". */
  @Test
  void everyOptionOfASynopsisPrintsOnOneLine() {
    List<String> split = new ArrayList<>();
    collectSplitSynopses(new CommandLine(new SpecopsCli()), split);
    assertThat(split).isEmpty();
  }

  private static void collectSplitSynopses(CommandLine command, List<String> split) {
    String synopsis = command.getHelp().synopsis(0);
    for (String token : synopsis.strip().split("\\s+")) {
      long opened = token.chars().filter(c -> c == '[').count();
      long closed = token.chars().filter(c -> c == ']').count();
      if (opened != closed) {
        split.add(command.getCommandSpec().qualifiedName() + ": " + token);
      }
    }
    command.getSubcommands().values().forEach(sub -> collectSplitSynopses(sub, split));
  }

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
