package io.specops.cli;

import io.specops.client.FleetClient;
import io.specops.json.SpecopsDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where the CLI finds Temporal: flags, else the temporal CLI's environment variables, else
 * localhost:7233.
 */
final class TemporalOptions {
  @Option(
      names = "--temporal-target",
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend (default: $TEMPORAL_ADDRESS or 127.0.0.1:7233, where ./specops worker serves its embedded server)")
  String target;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE or default)")
  String namespace;

  String target() {
    if (target != null) {
      return target;
    }
    String env = System.getenv("TEMPORAL_ADDRESS");
    return env == null || env.isBlank() ? "127.0.0.1:7233" : env;
  }

  String namespace() {
    if (namespace != null) {
      return namespace;
    }
    String env = System.getenv("TEMPORAL_NAMESPACE");
    return env == null || env.isBlank() ? "default" : env;
  }

  FleetClient client() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target())
                .setRpcTimeout(Duration.ofSeconds(10))
                // a CLI should say "cannot reach" in seconds, not retry for a minute
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(Duration.ofSeconds(4))
                        .validateBuildWithDefaults())
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace())
                .setDataConverter(SpecopsDataConverter.get())
                .build());
    return new FleetClient(client, target());
  }
}
