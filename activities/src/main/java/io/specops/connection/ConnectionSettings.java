package io.specops.connection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user gave explicitly (CLI flags, the worker's arguments); null means "not given", so
 * Temporal's environment configuration decides. Explicit values override the environment and the
 * profile.
 */
public record ConnectionSettings(
    String address,
    String namespace,
    String profile,
    String configFile,
    Boolean tls,
    String serverCaPath,
    String serverName,
    String clientCertPath,
    String clientKeyPath,
    String apiKey) {

  public static final ConnectionSettings NONE =
      new ConnectionSettings(null, null, null, null, null, null, null, null, null, null);

  public ConnectionSettings withAddress(String newAddress) {
    return new ConnectionSettings(
        newAddress,
        namespace,
        profile,
        configFile,
        tls,
        serverCaPath,
        serverName,
        clientCertPath,
        clientKeyPath,
        apiKey);
  }

  public ConnectionSettings withNamespace(String newNamespace) {
    return new ConnectionSettings(
        address,
        newNamespace,
        profile,
        configFile,
        tls,
        serverCaPath,
        serverName,
        clientCertPath,
        clientKeyPath,
        apiKey);
  }

  /** The value given for a setting, or null. */
  String given(Setting setting) {
    return switch (setting) {
      case ADDRESS -> address;
      case NAMESPACE -> namespace;
      case API_KEY -> apiKey;
      case TLS -> tls == null ? null : tls.toString();
      case SERVER_CA -> serverCaPath;
      case SERVER_NAME -> serverName;
      case CLIENT_CERT -> clientCertPath;
      case CLIENT_KEY -> clientKeyPath;
      case PROFILE -> profile;
      case CONFIG_FILE -> configFile;
    };
  }

  /**
   * The same settings as Temporal's environment variables, for a child process (the worker the CLI
   * starts): secrets travel in its environment, never on a command line that `ps` shows.
   */
  public Map<String, String> asEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      String value = given(s);
      if (value != null) {
        env.put(s.env(), value);
      }
    }
    return env;
  }

  @Override
  public String toString() {
    // never print the API key (records print every component by default)
    return "ConnectionSettings[address="
        + address
        + ", namespace="
        + namespace
        + ", profile="
        + profile
        + ", api_key="
        + (apiKey == null ? "none" : "set")
        + "]";
  }
}
