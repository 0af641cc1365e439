package io.specops.cli;

import java.io.PrintWriter;
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
      ServiceCommands.Decisions.class,
      ServiceCommands.Approve.class,
      ServiceCommands.Reject.class,
      ServiceCommands.Pause.class,
      ServiceCommands.Resume.class,
      ServiceCommands.Evaluate.class,
      ServiceCommands.Scale.class,
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
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the CLI with the given streams; returns the exit code (tests call this). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new SpecopsCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof CliException clear) {
        commandLine.getErr().println("specops: " + clear.getMessage());
        return clear.exitCode();
      }
      commandLine.getErr().println("specops: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return UNREACHABLE;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SpecopsCli.class.getPackage().getImplementationVersion();
      return new String[] {"specops " + (version == null ? "dev" : version)};
    }
  }
}
