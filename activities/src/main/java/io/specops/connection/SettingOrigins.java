package io.specops.connection;

import java.nio.file.Path;
import java.util.Map;

/** Which source a setting's value came from, so an error names the one to change. */
final class SettingOrigins {
  private final ConnectionSettings given;
  private final Map<String, String> env;

  SettingOrigins(ConnectionSettings given, Map<String, String> env) {
    this.given = given;
    this.env = env;
  }

  /**
   * "--tls-cert-path", "TEMPORAL_TLS_CLIENT_CERT_PATH" or "tls.client_cert_path in profile x of f".
   */
  String origin(Setting setting) {
    if (given.given(setting) != null) {
      return setting.flag();
    }
    if (nonEmpty(env.get(setting.env()))) {
      return setting.env();
    }
    if (setting.dataEnv() != null && nonEmpty(env.get(setting.dataEnv()))) {
      return setting.dataEnv();
    }
    if (setting.tomlKey() == null) {
      return "the default";
    }
    return setting.tomlKey() + " in profile " + profile() + " of " + configFile();
  }

  String profile() {
    if (given.profile() != null) {
      return given.profile();
    }
    String fromEnv = env.get(Setting.PROFILE.env());
    return nonEmpty(fromEnv) ? fromEnv : "default";
  }

  boolean configFileGiven() {
    return given.configFile() != null || nonEmpty(env.get(Setting.CONFIG_FILE.env()));
  }

  /** The file envconfig reads: given, TEMPORAL_CONFIG_FILE, else the user's temporal.toml. */
  String configFile() {
    if (given.configFile() != null) {
      return given.configFile();
    }
    String fromEnv = env.get(Setting.CONFIG_FILE.env());
    if (nonEmpty(fromEnv)) {
      return fromEnv;
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = nonEmpty(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("temporalio").resolve("temporal.toml").toString();
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
