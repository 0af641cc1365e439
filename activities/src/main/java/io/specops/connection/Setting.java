package io.specops.connection;

/**
 * One connection setting under the three names a user may have given it: the CLI flag, Temporal's
 * environment variable and the key in a temporal.toml profile (the temporal CLI's names for all
 * three), so an error can name the one to fix.
 */
public enum Setting {
  ADDRESS("--address", "TEMPORAL_ADDRESS", "address"),
  NAMESPACE("--namespace", "TEMPORAL_NAMESPACE", "namespace"),
  API_KEY("--api-key", "TEMPORAL_API_KEY", "api_key"),
  TLS("--tls", "TEMPORAL_TLS", "tls.disabled"),
  SERVER_CA("--tls-ca-path", "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "tls.server_ca_cert_path"),
  SERVER_NAME("--tls-server-name", "TEMPORAL_TLS_SERVER_NAME", "tls.server_name"),
  CLIENT_CERT("--tls-cert-path", "TEMPORAL_TLS_CLIENT_CERT_PATH", "tls.client_cert_path"),
  CLIENT_KEY("--tls-key-path", "TEMPORAL_TLS_CLIENT_KEY_PATH", "tls.client_key_path"),
  PROFILE("--profile", "TEMPORAL_PROFILE", null),
  CONFIG_FILE("--config-file", "TEMPORAL_CONFIG_FILE", null);

  private final String flag;
  private final String env;
  private final String tomlKey;

  Setting(String flag, String env, String tomlKey) {
    this.flag = flag;
    this.env = env;
    this.tomlKey = tomlKey;
  }

  public String flag() {
    return flag;
  }

  public String env() {
    return env;
  }

  /** The same setting given as PEM content rather than a path (TEMPORAL_TLS_*_DATA). */
  String dataEnv() {
    return env.endsWith("_PATH")
        ? env.substring(0, env.length() - "_PATH".length()) + "_DATA"
        : null;
  }

  /** How to set it, for an error that says what is missing: "--tls-cert-path or TEMPORAL_...". */
  public String howToSet() {
    return flag
        + " or "
        + env
        + (tomlKey == null ? "" : " (" + tomlKey + " in a temporal.toml profile)");
  }

  String tomlKey() {
    return tomlKey;
  }
}
