package io.specops.cli;

import io.specops.blueprint.DidYouMean;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code specops} command line. */
@Command(
    name = "specops",
    mixinStandardHelpOptions = true,
    versionProvider = SpecopsCli.Version.class,
    description = "Spec-driven operations for a fleet of services, orchestrated by Temporal.",
    subcommands = {
      DemoCommand.class,
      BenchCommand.class,
      WorkerCommand.class,
      FleetCommand.class,
      StatusCommand.class,
      FleetViews.ListServices.class,
      FleetViews.HealthView.class,
      FleetViews.MetricsView.class,
      FleetViews.CostView.class,
      FleetViews.StartService.class,
      FleetViews.StopService.class,
      InitCommand.class,
      AuditCommand.class,
      ServiceCommands.Decisions.class,
      ServiceCommands.Approve.class,
      ServiceCommands.Reject.class,
      ServiceCommands.Pause.class,
      ServiceCommands.Resume.class,
      ServiceCommands.Evaluate.class,
      ServiceCommands.Scale.class,
      ServiceCommands.Evidence.class,
      ServiceCommands.BlueprintCommand.class,
      DecideCommand.class,
      ValidateCommand.class,
      BacktestCommand.class,
      PredictCommand.class,
      RecommendCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  invalid input (a blueprint, metrics, a decision id, an approver) or a failed check",
      "  2  wrong usage (unknown option, missing argument)",
      "  3  could not reach what the command needs (Temporal, the worker, a file)"
    })
public final class SpecopsCli implements Runnable {
  public static final int INVALID_INPUT = 1;
  public static final int UNREACHABLE = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(
        run(
            new PrintWriter(System.out, true, System.out.charset()),
            new PrintWriter(System.err, true, System.err.charset()),
            args));
  }

  /** Runs the CLI with the given streams; returns the exit code (tests call this). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new SpecopsCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException clear) {
            commandLine.getErr().println("specops: " + clear.getMessage());
            return clear.exitCode();
          }
          commandLine
              .getErr()
              .println("specops: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return UNREACHABLE;
        });
    cli.setParameterExceptionHandler(SpecopsCli::usageError);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Every verb a user may type, multi-word ones included, for did-you-mean. */
  static List<String> verbs(CommandLine root) {
    List<String> verbs = new ArrayList<>();
    root.getSubcommands()
        .forEach(
            (name, sub) -> {
              verbs.add(name);
              sub.getSubcommands().keySet().forEach(child -> verbs.add(name + " " + child));
            });
    return verbs;
  }

  /**
   * Usage errors in one line with a hint: an unknown verb gets the closest known one (multi-word
   * verbs such as "fleet start" included); start/stop without a service points at the fleet's.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    CommandLine root = cmd;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    String name = cmd.getCommandName();
    if (e instanceof CommandLine.MissingParameterException
        && (name.equals("start") || name.equals("stop"))
        && cmd.getParent() == root) {
      err.println(
          "specops: "
              + name
              + " needs a SERVICE ("
              + name
              + " one service); the whole fleet: specops fleet "
              + name);
      return 2;
    }
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && (cmd == root || !cmd.getSubcommands().isEmpty())
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      String prefix = cmd == root ? "" : name + " ";
      String word = prefix + u.getUnmatched().get(0);
      String typed = u.getUnmatched().size() > 1 ? word + " " + u.getUnmatched().get(1) : word;
      List<String> verbs = verbs(root);
      String hint =
          DidYouMean.closest(typed, verbs)
              .or(() -> DidYouMean.closest(word, verbs))
              .map(v -> "; did you mean: specops " + v + "?")
              .orElse("");
      err.println(
          "specops: unknown command '" + word + "'" + hint + " (all commands: specops --help)");
      return 2;
    }
    err.println("specops: " + e.getMessage());
    err.println("  usage: " + cmd.getCommandSpec().qualifiedName() + " --help");
    return 2;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SpecopsCli.class.getPackage().getImplementationVersion();
      return new String[] {"specops " + (version == null ? "dev" : version)};
    }
  }
}
