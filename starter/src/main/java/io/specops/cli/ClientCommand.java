package io.specops.cli;

import io.specops.client.FleetClient;
import io.specops.client.SpecopsClientException;
import io.specops.connection.ConnectionException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to a running fleet through Temporal; refusals become one clear line and an
 * exit code. Its synopsis is "[OPTIONS]": the nine connection options filled eight lines of it, and
 * picocli broke labels such as HOST:PORT across two; the option list below has them all.
 */
@CommandLine.Command(abbreviateSynopsis = true)
abstract class ClientCommand implements Callable<Integer> {
  @Mixin TemporalOptions temporal;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    FleetClient client;
    try {
      client = temporal.client();
    } catch (ConnectionException e) {
      // one line naming the cause and the setting; nothing was sent
      spec.commandLine().getErr().println("specops: " + e.getMessage());
      return e.kind() == ConnectionException.Kind.SETTINGS
          ? SpecopsCli.INVALID_INPUT
          : SpecopsCli.UNREACHABLE;
    }
    try {
      return run(client, spec.commandLine().getOut());
    } catch (SpecopsClientException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("specops: " + e.getMessage());
      e.details().forEach(d -> err.println("  " + d));
      return e.kind() == SpecopsClientException.Kind.UNAVAILABLE
          ? SpecopsCli.UNREACHABLE
          : SpecopsCli.INVALID_INPUT;
    } finally {
      client.temporal().getWorkflowServiceStubs().shutdownNow();
    }
  }

  abstract int run(FleetClient client, PrintWriter out) throws Exception;
}
