package io.specops.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.specops.json.SpecopsDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Where and how to reach Temporal, resolved once the way the temporal CLI and the other SDKs do it
 * (Temporal's environment configuration, through the SDK's envconfig module): a temporal.toml
 * profile, then TEMPORAL_* environment variables, then explicit flags on top. The worker, every CLI
 * command and the bench build their clients from it. Its TLS material is checked before anything
 * connects, so a wrong path or an expired certificate is one line, not a gRPC stack trace.
 */
public final class TemporalConnection {
  /** Where the embedded worker and the dev server listen when nothing else is configured. */
  public static final String LOCAL_ADDRESS = "127.0.0.1:7233";

  private final ClientConfigProfile profile;
  private final SettingOrigins origins;

  private TemporalConnection(ClientConfigProfile profile, SettingOrigins origins) {
    this.profile = profile;
    this.origins = origins;
  }

  /** From the process's own environment. */
  public static TemporalConnection resolve(ConnectionSettings given) {
    return resolve(given, System.getenv(), Clock.systemUTC());
  }

  public static TemporalConnection resolve(
      ConnectionSettings given, Map<String, String> env, Clock clock) {
    SettingOrigins origins = new SettingOrigins(given, env);
    String configFile = origins.configFile();
    if (origins.configFileGiven() && !Files.isRegularFile(Path.of(configFile))) {
      throw new ConnectionException(
          ConnectionException.Kind.SETTINGS,
          "the Temporal config file "
              + configFile
              + " does not exist (set by "
              + origins.origin(Setting.CONFIG_FILE)
              + ")");
    }
    ClientConfigProfile loaded;
    try {
      loaded = load(configFile, given, env);
    } catch (JsonProcessingException e) {
      // the parser's own message may quote the file's content (an API key): say where only
      throw new ConnectionException(
          ConnectionException.Kind.SETTINGS,
          "the Temporal config file "
              + configFile
              + " is not valid TOML (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ")");
    } catch (IOException e) {
      throw new ConnectionException(
          ConnectionException.Kind.SETTINGS,
          "cannot read the Temporal config file "
              + configFile
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (IllegalArgumentException e) {
      throw new ConnectionException(
          ConnectionException.Kind.SETTINGS,
          "there is no profile "
              + origins.profile()
              + (Files.isRegularFile(Path.of(configFile))
                  ? " in " + configFile
                  : ": " + configFile + " does not exist")
              + " (set by "
              + origins.origin(Setting.PROFILE)
              + ")");
    }
    TemporalConnection connection = new TemporalConnection(withGiven(loaded, given), origins);
    TlsMaterial.check(connection, clock.instant());
    return connection;
  }

  private static ClientConfigProfile load(
      String configFile, ConnectionSettings given, Map<String, String> env) throws IOException {
    LoadClientConfigProfileOptions.Builder options =
        LoadClientConfigProfileOptions.newBuilder()
            .setConfigFilePath(configFile)
            .setConfigFileProfile(given.profile())
            .setEnvOverrides(env);
    try {
      return ClientConfigProfile.load(options.build());
    } catch (NullPointerException noProfiles) {
      // envconfig 1.38 fails on a file without [profile.*] tables (an empty temporal.toml): that
      // file configures nothing, so the environment alone decides, unless a profile was asked for
      boolean profileAsked =
          given.profile() != null
              || (env.get(Setting.PROFILE.env()) != null
                  && !env.get(Setting.PROFILE.env()).isEmpty());
      if (profileAsked) {
        throw new IllegalArgumentException("no profiles", noProfiles);
      }
      return ClientConfigProfile.load(
          LoadClientConfigProfileOptions.newBuilder()
              .setDisableFile(true)
              .setEnvOverrides(env)
              .build());
    }
  }

  private static ClientConfigProfile withGiven(
      ClientConfigProfile loaded, ConnectionSettings given) {
    ClientConfigProfile.Builder profile = loaded.toBuilder();
    if (given.address() != null) {
      profile.setAddress(given.address());
    }
    if (given.namespace() != null) {
      profile.setNamespace(given.namespace());
    }
    if (given.apiKey() != null) {
      profile.setApiKey(given.apiKey());
    }
    boolean tlsGiven =
        given.tls() != null
            || given.serverCaPath() != null
            || given.serverName() != null
            || given.clientCertPath() != null
            || given.clientKeyPath() != null;
    if (tlsGiven) {
      ClientConfigTLS.Builder tls =
          loaded.getTls() == null ? ClientConfigTLS.newBuilder() : loaded.getTls().toBuilder();
      if (given.tls() != null) {
        tls.setDisabled(!given.tls());
      }
      if (given.serverCaPath() != null) {
        tls.setServerCACertPath(given.serverCaPath());
      }
      if (given.serverName() != null) {
        tls.setServerName(given.serverName());
      }
      if (given.clientCertPath() != null) {
        tls.setClientCertPath(given.clientCertPath());
      }
      if (given.clientKeyPath() != null) {
        tls.setClientKeyPath(given.clientKeyPath());
      }
      profile.setTls(tls.build());
    }
    return profile.build();
  }

  /** The frontend's host:port, or null when nothing configures one (the worker then embeds one). */
  public String address() {
    String address = profile.getAddress();
    return address == null || address.isBlank() ? null : address;
  }

  /** The address to dial: the configured one, else the local default. */
  public String target() {
    return address() == null ? LOCAL_ADDRESS : address();
  }

  public String namespace() {
    String namespace = profile.getNamespace();
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }

  /** TLS as the SDK will use it: a TLS section that is not disabled, or an API key (TLS on). */
  public boolean tls() {
    ClientConfigTLS tls = profile.getTls();
    if (tls != null && !Boolean.TRUE.equals(tls.isDisabled())) {
      return true;
    }
    return hasApiKey() && (tls == null || tls.isDisabled() == null);
  }

  public boolean hasApiKey() {
    return profile.getApiKey() != null && !profile.getApiKey().isEmpty();
  }

  boolean hasClientCertificate() {
    ClientConfigTLS tls = profile.getTls();
    return tls != null
        && (present(tls.getClientCertPath())
            || (tls.getClientCertData() != null && tls.getClientCertData().length > 0));
  }

  ClientConfigTLS tlsSettings() {
    return tls() ? profile.getTls() : null;
  }

  SettingOrigins origins() {
    return origins;
  }

  /** " (set by TEMPORAL_ADDRESS)"; for an address or namespace nobody set, how to set one. */
  String setBy(Setting setting) {
    if ((setting == Setting.ADDRESS && address() == null)
        || (setting == Setting.NAMESPACE
            && (profile.getNamespace() == null || profile.getNamespace().isBlank()))) {
      return " (the default; set another with " + setting.flag() + " or " + setting.env() + ")";
    }
    return " (set by " + origins.origin(setting) + ")";
  }

  /** For logs and the ready line: where, and how it authenticates; never a secret. */
  public String summary() {
    StringBuilder s = new StringBuilder(target()).append(" namespace ").append(namespace());
    if (!tls()) {
      s.append(", plain text");
    } else if (hasClientCertificate()) {
      s.append(", mTLS");
    } else {
      s.append(", TLS");
    }
    if (hasApiKey()) {
      s.append(", API key from ").append(origins.origin(Setting.API_KEY));
    }
    return s.toString();
  }

  /** The service stubs' options: address, TLS context, API key and gRPC metadata. */
  public WorkflowServiceStubsOptions.Builder stubsOptions() {
    WorkflowServiceStubsOptions options;
    try {
      options = profile.toWorkflowServiceStubsOptions();
    } catch (RuntimeException e) {
      throw TlsMaterial.unusable(this);
    }
    return WorkflowServiceStubsOptions.newBuilder(options).setTarget(target());
  }

  /**
   * Puts this connection's security (TLS context, API key, metadata, server name) on stubs options
   * someone else builds: the Spring starter's, which knows neither a server CA nor envconfig.
   */
  public WorkflowServiceStubsOptions.Builder secure(WorkflowServiceStubsOptions.Builder builder) {
    WorkflowServiceStubsOptions ours = stubsOptions().build();
    if (ours.getSslContext() != null) {
      builder.setSslContext(ours.getSslContext());
    }
    if (ours.getEnableHttps()) {
      builder.setEnableHttps(true);
    }
    if (ours.getChannelInitializer() != null) {
      builder.setChannelInitializer(ours.getChannelInitializer());
    }
    if (ours.getGrpcMetadataProviders() != null) {
      ours.getGrpcMetadataProviders().forEach(builder::addGrpcMetadataProvider);
    }
    return builder;
  }

  /** A client with SpecOps' data converter, for the CLI and the bench. */
  public WorkflowClient newClient(WorkflowServiceStubsOptions.Builder stubs) {
    return WorkflowClient.newInstance(
        WorkflowServiceStubs.newServiceStubs(stubs.build()),
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace())
            .setDataConverter(SpecopsDataConverter.get())
            .build());
  }

  /** Plain text to a server this process started itself (the bench's). */
  public static TemporalConnection local(String address) {
    return new TemporalConnection(
        ClientConfigProfile.newBuilder().setAddress(address).build(),
        new SettingOrigins(ConnectionSettings.NONE.withAddress(address), Map.of()));
  }

  static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  @Override
  public String toString() {
    // ClientConfigProfile's own toString prints the API key and key data: never use it
    return "TemporalConnection[" + summary() + "]";
  }
}
