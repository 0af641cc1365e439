package io.specops.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description = {
      "Run the worker until stopped (Ctrl-C finishes in-flight activities first).",
      "Default: the embedded default, Temporal's test server on --embedded-port and the "
          + "simulated cluster, with the fleet started from --blueprints. With --address (or "
          + "$TEMPORAL_ADDRESS, or a temporal.toml profile) it joins a real Temporal server, over TLS"
          + " / mTLS / an API key as configured; with --cluster kubernetes it scales the cluster your"
          + " kubeconfig or in-cluster service account reaches.",
      "REST API and dashboard on --port (default 8080)."
    })
final class WorkerCommand implements Callable<Integer> {
  // the CLI's connection flags; without an address from them, $TEMPORAL_ADDRESS or a profile, the
  // worker embeds a server
  @Mixin TemporalOptions temporal;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--embedded-port",
      paramLabel = "PORT",
      defaultValue = "7233",
      description = "Port of the embedded Temporal server (default: ${DEFAULT-VALUE})")
  int embeddedPort;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "REST API and dashboard port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--blueprints",
      paramLabel = "DIR",
      defaultValue = "blueprints",
      description = "Blueprints of the embedded fleet (default: ${DEFAULT-VALUE})")
  Path blueprints;

  @Option(
      names = "--fleet",
      paramLabel = "NAME",
      defaultValue = "default",
      description = "Fleet name (default: ${DEFAULT-VALUE})")
  String fleet;

  @Option(
      names = "--no-fleet",
      description = "Do not start the embedded fleet (start it with `specops fleet start`)")
  boolean noFleet;

  @Option(
      names = "--cluster",
      paramLabel = "simulated|kubernetes",
      defaultValue = "simulated",
      description = "simulated or kubernetes (default: ${DEFAULT-VALUE})")
  String cluster;

  @Option(
      names = "--scenario",
      paramLabel = "NAME|FILE",
      defaultValue = "seed-001",
      description = "Simulated cluster scenario (default: ${DEFAULT-VALUE})")
  String scenario;

  @Option(
      names = "--dry-run",
      description = "Never call the Kubernetes API to scale; record what would have been done")
  boolean dryRun;

  @Option(
      names = "--api-tokens",
      paramLabel = "PRINCIPAL:TOKEN,...",
      description = "REST API bearer tokens (default: $SPECOPS_API_TOKENS)")
  String apiTokens;

  @Option(
      names = "--http-tls-cert",
      paramLabel = "FILE",
      description =
          "Serve the REST API and dashboard over HTTPS with this PEM certificate (chain) and --http-tls-key")
  Path httpTlsCert;

  @Option(
      names = "--http-tls-key",
      paramLabel = "FILE",
      description = "PEM private key of --http-tls-cert")
  Path httpTlsKey;

  @Option(
      names = "--audit-dir",
      paramLabel = "DIR",
      description = "Audit log directory (default: logs/agent-decisions)")
  Path auditDir;

  @Override
  public Integer call() throws Exception {
    if ((httpTlsCert == null) != (httpTlsKey == null)) {
      spec.commandLine()
          .getErr()
          .println("specops worker: --http-tls-cert and --http-tls-key go together");
      return SpecopsCli.INVALID_INPUT;
    }
    List<String> command = new ArrayList<>(WorkerProcess.javaCommand());
    command.add("-jar");
    command.add(WorkerProcess.workerJar().toString());
    command.add("--specops.mode=worker");
    command.add("--specops.embedded-port=" + embeddedPort);
    command.add("--server.port=" + port);
    command.add("--specops.blueprints=" + blueprints);
    command.add("--specops.fleet=" + fleet);
    command.add("--specops.start-fleet=" + !noFleet);
    command.add("--specops.cluster=" + cluster);
    command.add(
        "--specops.scenario=" + ("conflict".equals(scenario) ? "seed-001-conflict" : scenario));
    command.add("--specops.dry-run=" + dryRun);
    if (apiTokens != null) {
      command.add("--specops.api.tokens=" + apiTokens);
    }
    if (httpTlsCert != null) {
      // a Spring SSL bundle, reloaded when the files change (a renewed certificate from a Secret)
      String bundle = "--spring.ssl.bundle.pem.specopshttp.";
      command.add(bundle + "keystore.certificate=file:" + httpTlsCert.toAbsolutePath());
      command.add(bundle + "keystore.private-key=file:" + httpTlsKey.toAbsolutePath());
      command.add(bundle + "reload-on-update=true");
      command.add("--server.ssl.bundle=specopshttp");
    }
    if (auditDir != null) {
      command.add("--specops.audit-dir=" + auditDir);
    }
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    // flags travel as Temporal's variables, so the worker resolves them as the CLI does and no
    // API key appears on a command line
    builder.environment().putAll(temporal.settings().asEnvironment());
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, DRAIN)));
    return process.waitFor();
  }

  /** The worker's drain (30 s) and the closing of what it started, with room to spare. */
  static final Duration DRAIN = Duration.ofSeconds(45);

  /**
   * SIGTERM to the worker, then wait for it: Ctrl-C returns the prompt once the worker has handed
   * back its activities, not while it is still printing its shutdown.
   */
  static void stop(Process worker, Duration patience) {
    worker.destroy();
    try {
      if (!worker.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        worker.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
