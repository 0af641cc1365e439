package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
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
    assertThat(problems(HelpTextTest::raggedLines)).isEmpty();
  }

  /**
   * picocli wraps at the line breaks Java allows, which include the middle of a path ("~/." then
   * "config/...", ". /specops"): a reader copying one must find it whole on one line.
   */
  @Test
  void everyPathInAHelpTextPrintsOnOneLine() {
    assertThat(problems(HelpTextTest::splitPaths)).isEmpty();
  }

  /** The synopsis wraps at the same breaks: "[--address=HOST:" then "PORT]". */
  @Test
  void everyOptionOfASynopsisPrintsOnOneLine() {
    assertThat(problems(HelpTextTest::splitSynopsisTokens)).isEmpty();
  }

  /**
   * Options name what they take as the rest do (DURATION, NAME, DIR), not with picocli's default of
   * the Java field's name ({@code --defer-duration=<deferDuration>}).
   */
  @Test
  void everyOptionThatTakesAValueNamesIt() {
    assertThat(
            problems(
                command ->
                    command.getCommandSpec().options().stream()
                        .filter(o -> o.arity().max() > 0 && o.paramLabel().startsWith("<"))
                        .map(o -> o.longestName() + "=" + o.paramLabel())
                        .toList()))
        .isEmpty();
  }

  /** What {@code check} finds in every command but picocli's own help, named by command. */
  private static List<String> problems(Function<CommandLine, List<String>> check) {
    List<String> found = new ArrayList<>();
    Deque<CommandLine> commands = new ArrayDeque<>(List.of(new CommandLine(new SpecopsCli())));
    while (!commands.isEmpty()) {
      CommandLine command = commands.pop();
      String name = command.getCommandSpec().qualifiedName();
      if (!name.endsWith(" help")) {
        check.apply(command).forEach(p -> found.add(name + ": " + p));
      }
      commands.addAll(command.getSubcommands().values());
    }
    return found;
  }

  /** The command's description and every option's and parameter's, element by element. */
  private static List<String> descriptions(CommandLine command) {
    List<String> texts =
        new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
    command.getCommandSpec().args().forEach(arg -> texts.addAll(List.of(arg.description())));
    return texts;
  }

  private static List<String> raggedLines(CommandLine command) {
    List<String> ragged = new ArrayList<>();
    List<String[]> descriptions = new ArrayList<>();
    descriptions.add(command.getCommandSpec().usageMessage().description());
    command.getCommandSpec().args().forEach(arg -> descriptions.add(arg.description()));
    for (String[] lines : descriptions) {
      for (int i = 0; i < lines.length - 1; i++) {
        String line = lines[i].strip();
        if (!line.endsWith(".") && !line.endsWith(":")) {
          ragged.add(line);
        }
      }
    }
    return ragged;
  }

  private static final Pattern PATH = Pattern.compile("[^\\s(]*[/:~][^\\s,;)]*[^\\s,;).:]");

  private static List<String> splitPaths(CommandLine command) {
    List<String> rendered =
        command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().map(String::strip).toList();
    List<String> split = new ArrayList<>();
    for (String text : descriptions(command)) {
      Matcher path = PATH.matcher(text.replace("%n", " "));
      while (path.find()) {
        String token = path.group();
        if (!token.contains("${") && rendered.stream().noneMatch(line -> line.contains(token))) {
          split.add(token);
        }
      }
    }
    return split;
  }

  private static List<String> splitSynopsisTokens(CommandLine command) {
    List<String> split = new ArrayList<>();
    for (String token : command.getHelp().synopsis(0).strip().split("\\s+")) {
      long opened = token.chars().filter(c -> c == '[').count();
      long closed = token.chars().filter(c -> c == ']').count();
      if (opened != closed) {
        split.add(token);
      }
    }
    return split;
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
