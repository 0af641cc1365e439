package io.specops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run the worker until stopped (Ctrl-C finishes in-flight activities first).",
      "Default: the embedded default, Temporal's test server on --embedded-port and the simulated cluster, with the",
      "fleet started from --blueprints. With --temporal-target it joins a real Temporal server; with --cluster kubernetes",
      "it scales the cluster your kubeconfig or in-cluster service account reaches.",
      "REST API and dashboard on --port (default 8080)."
    })
final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--temporal-target",
      paramLabel = "HOST:PORT",
      description = "A Temporal server (default: $TEMPORAL_ADDRESS, else embedded)")
  String target;

  @Option(
      names = "--namespace",
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE or default)")
  String namespace;

  @Option(
      names = "--embedded-port",
      defaultValue = "7233",
      description = "Port of the embedded Temporal server (default: ${DEFAULT-VALUE})")
  int embeddedPort;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "REST API and dashboard port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--blueprints",
      defaultValue = "blueprints",
      description = "Blueprints of the embedded fleet (default: ${DEFAULT-VALUE})")
  Path blueprints;

  @Option(
      names = "--fleet",
      defaultValue = "default",
      description = "Fleet name (default: ${DEFAULT-VALUE})")
  String fleet;

  @Option(
      names = "--no-fleet",
      description = "Do not start the embedded fleet (start it with `specops fleet start`)")
  boolean noFleet;

  @Option(
      names = "--cluster",
      defaultValue = "simulated",
      description = "simulated or kubernetes (default: ${DEFAULT-VALUE})")
  String cluster;

  @Option(
      names = "--scenario",
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
      names = "--audit-dir",
      paramLabel = "DIR",
      description = "Audit log directory (default: logs/agent-decisions)")
  Path auditDir;

  @Override
  public Integer call() throws Exception {
    List<String> command = new ArrayList<>(WorkerProcess.javaCommand());
    command.add("-jar");
    command.add(WorkerProcess.workerJar().toString());
    command.add("--specops.mode=worker");
    String address = target != null ? target : System.getenv("TEMPORAL_ADDRESS");
    if (address != null && !address.isBlank()) {
      command.add("--spring.temporal.connection.target=" + address);
    }
    if (namespace != null) {
      command.add("--spring.temporal.namespace=" + namespace);
    }
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
    if (auditDir != null) {
      command.add("--specops.audit-dir=" + auditDir);
    }
    Process process = new ProcessBuilder(command).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    return process.waitFor();
  }
}
