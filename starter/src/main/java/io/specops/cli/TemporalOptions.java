package io.specops.cli;

import io.specops.client.FleetClient;
import io.specops.connection.ConnectionCheck;
import io.specops.connection.ConnectionSettings;
import io.specops.connection.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where and how the CLI reaches Temporal: Temporal's environment configuration (a temporal.toml
 * profile, then TEMPORAL_* variables), then these flags, with the temporal CLI's names; else
 * 127.0.0.1:7233. docs/operations.md, "Temporal Cloud".
 */
final class TemporalOptions {
  @Option(
      names = {"--address", "--temporal-target"},
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend (default: $TEMPORAL_ADDRESS, the profile's address, or the embedded server of `specops worker` at 127.0.0.1:7233)")
  String address;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE, the profile's, or default)")
  String namespace;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Profile in the Temporal config file (default: $TEMPORAL_PROFILE or default)")
  String profile;

  @Option(
      names = "--config-file",
      paramLabel = "FILE",
      // a path of its own line: picocli would break it after "~/."
      description = {
        "Temporal config file (default: $TEMPORAL_CONFIG_FILE, or when unset:",
        "~/.config/temporalio/temporal.toml)"
      })
  String configFile;

  @Option(
      names = "--tls",
      arity = "0..1",
      paramLabel = "true|false",
      description = "Use TLS (default: $TEMPORAL_TLS; on with any TLS setting or an API key)")
  Boolean tls;

  @Option(
      names = "--tls-ca-path",
      paramLabel = "FILE",
      description =
          "PEM CA that signed the server's certificate ($TEMPORAL_TLS_SERVER_CA_CERT_PATH)")
  String tlsCaPath;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "Name the server's certificate is for, if not its host ($TEMPORAL_TLS_SERVER_NAME)")
  String tlsServerName;

  @Option(
      names = "--tls-cert-path",
      paramLabel = "FILE",
      description = "PEM client certificate for mTLS ($TEMPORAL_TLS_CLIENT_CERT_PATH)")
  String tlsCertPath;

  @Option(
      names = "--tls-key-path",
      paramLabel = "FILE",
      description = "PEM (PKCS#8) key of the client certificate ($TEMPORAL_TLS_CLIENT_KEY_PATH)")
  String tlsKeyPath;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "API key, e.g. for Temporal Cloud; prefer $TEMPORAL_API_KEY, which `ps` does not show")
  String apiKey;

  ConnectionSettings settings() {
    return new ConnectionSettings(
        address,
        namespace,
        profile,
        configFile,
        tls,
        tlsCaPath,
        tlsServerName,
        tlsCertPath,
        tlsKeyPath,
        apiKey);
  }

  /** Resolved, checked (TLS material) and answered (one round trip), or a ConnectionException. */
  FleetClient client() {
    TemporalConnection connection = TemporalConnection.resolve(settings());
    WorkflowClient client =
        connection.newClient(
            connection
                .stubsOptions()
                .setRpcTimeout(Duration.ofSeconds(10))
                // a CLI should say "cannot reach" in seconds, not retry for a minute
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(Duration.ofSeconds(4))
                        .validateBuildWithDefaults()));
    try {
      ConnectionCheck.verify(client.getWorkflowServiceStubs(), connection);
    } catch (RuntimeException e) {
      client.getWorkflowServiceStubs().shutdownNow();
      throw e;
    }
    return new FleetClient(client, connection.target());
  }
}
