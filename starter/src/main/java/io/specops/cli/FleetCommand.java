package io.specops.cli;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintException;
import io.specops.blueprint.BlueprintLoader;
import io.specops.blueprint.FleetFile;
import io.specops.blueprint.ValidationError;
import io.specops.client.FleetClient;
import io.specops.coordination.FleetInput;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.LoadedBlueprint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = "Start, stop or reload a fleet's coordinator.",
    subcommands = {FleetCommand.Start.class, FleetCommand.Stop.class, FleetCommand.Reload.class})
final class FleetCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Validate the blueprints here and start the fleet's coordinator, which starts one "
            + "workflow per service.",
        "The coordinator is workflow specops-fleet-NAME; it starts one service workflow per "
            + "blueprint. The blueprints travel in the workflow's input, so a remote worker needs no "
            + "copy; --worker-dir makes the worker read (and re-read) a directory on its own disk "
            + "instead."
      })
  static final class Start extends ClientCommand {
    @Option(
        names = "--blueprints",
        defaultValue = "blueprints",
        paramLabel = "DIR",
        description = "Blueprint directory (default: ${DEFAULT-VALUE})")
    Path blueprints;

    @Option(
        names = "--worker-dir",
        paramLabel = "DIR",
        description =
            "A blueprint directory on the worker's disk, re-read every 5 minutes and on `fleet reload`")
    String workerDir;

    @Option(
        names = "--fleet",
        paramLabel = "NAME",
        defaultValue = "default",
        description = "Fleet name (default: ${DEFAULT-VALUE})")
    String fleet;

    @Option(
        names = "--dry-run",
        description = "Run everything but the scale calls, which are recorded as planned")
    boolean dryRun;

    @Option(
        names = "--max-in-flight",
        paramLabel = "N",
        description = "Operations in flight at once, fleet-wide (default: the worker's, 5)")
    Integer maxInFlight;

    @Option(
        names = "--defer-duration",
        paramLabel = "DURATION",
        converter = Converters.HumanDuration.class,
        description =
            "How long a service that does not fit waits (default: the worker's, 5m as in seed 001)")
    Duration deferDuration;

    @Override
    int run(FleetClient client, PrintWriter out) throws Exception {
      List<LoadedBlueprint> loaded = null;
      Map<String, Double> budgets = null;
      if (workerDir == null) {
        if (!Files.isDirectory(blueprints)) {
          throw new CliException(SpecopsCli.INVALID_INPUT, "no blueprint directory " + blueprints);
        }
        BlueprintLoader.Result result = BlueprintLoader.load(blueprints);
        if (!result.ok()) {
          result.errors().stream().map(ValidationError::toString).forEach(out::println);
          throw new CliException(
              SpecopsCli.INVALID_INPUT,
              "not starting fleet "
                  + fleet
                  + ": "
                  + result.errors().size()
                  + " blueprint error(s)");
        }
        try {
          budgets = FleetFile.budgets(blueprints);
        } catch (BlueprintException e) {
          e.errors().stream().map(ValidationError::toString).forEach(out::println);
          throw new CliException(
              SpecopsCli.INVALID_INPUT,
              "not starting fleet " + fleet + ": the fleet file is invalid");
        }
        loaded = new ArrayList<>();
        for (Blueprint bp : result.blueprints()) {
          loaded.add(new LoadedBlueprint(bp, Files.readString(Path.of(bp.source()))));
        }
      }
      // the worker's configured settings apply; these are what this command changes on top
      client.startFleet(
          fleet,
          loaded,
          workerDir,
          null,
          new FleetInput.Overrides(dryRun ? Boolean.TRUE : null, maxInFlight, deferDuration),
          budgets);
      out.println(
          "started "
              + FleetWorkflow.workflowId(fleet)
              + (loaded == null
                  ? " (blueprints from the worker's " + workerDir + ")"
                  : " with "
                      + loaded.size()
                      + " services: "
                      + String.join(", ", loaded.stream().map(l -> l.blueprint().name()).toList()))
              + (dryRun ? " [dry run]" : ""));
      out.println(
          "watch it with: specops status --watch"
              + (fleet.equals("default") ? "" : " --fleet " + fleet));
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop every service workflow of the fleet, then its coordinator.")
  static final class Stop extends ClientCommand {
    @Option(
        names = "--fleet",
        paramLabel = "NAME",
        defaultValue = "default",
        description = "Fleet name (default: ${DEFAULT-VALUE})")
    String fleet;

    @Override
    int run(FleetClient client, PrintWriter out) {
      client.stopFleet(fleet);
      out.println("stopping " + FleetWorkflow.workflowId(fleet) + " and its services");
      return 0;
    }
  }

  @Command(
      name = "reload",
      mixinStandardHelpOptions = true,
      description = "Make the coordinator re-read its worker-side blueprint directory now.")
  static final class Reload extends ClientCommand {
    @Option(
        names = "--fleet",
        paramLabel = "NAME",
        defaultValue = "default",
        description = "Fleet name (default: ${DEFAULT-VALUE})")
    String fleet;

    @Override
    int run(FleetClient client, PrintWriter out) {
      client.reloadFleet(fleet);
      out.println("reload requested for " + FleetWorkflow.workflowId(fleet));
      return 0;
    }
  }
}
