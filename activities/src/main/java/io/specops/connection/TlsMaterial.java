package io.specops.connection;

import io.temporal.envconfig.ClientConfigTLS;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Checks the certificates and key a connection will present before it dials: each file exists and
 * holds what its setting says, a client certificate comes with its key, and it is valid today. The
 * errors name files and settings, never their content.
 */
final class TlsMaterial {
  private TlsMaterial() {}

  static void check(TemporalConnection connection, Instant now) {
    ClientConfigTLS tls = connection.tlsSettings();
    if (tls == null) {
      return;
    }
    SettingOrigins origins = connection.origins();
    byte[] ca =
        read(Setting.SERVER_CA, tls.getServerCACertPath(), tls.getServerCACertData(), origins);
    if (ca != null) {
      certificates(Setting.SERVER_CA, tls.getServerCACertPath(), ca, origins);
    }
    byte[] cert =
        read(Setting.CLIENT_CERT, tls.getClientCertPath(), tls.getClientCertData(), origins);
    byte[] key = read(Setting.CLIENT_KEY, tls.getClientKeyPath(), tls.getClientKeyData(), origins);
    if (cert != null && key == null) {
      throw settings(
          "a client certificate needs its private key: set " + Setting.CLIENT_KEY.howToSet());
    }
    if (key != null && cert == null) {
      throw settings("a client key needs its certificate: set " + Setting.CLIENT_CERT.howToSet());
    }
    if (cert != null) {
      X509Certificate leaf =
          certificates(Setting.CLIENT_CERT, tls.getClientCertPath(), cert, origins).get(0);
      String where = name(Setting.CLIENT_CERT, tls.getClientCertPath(), origins);
      if (now.isAfter(leaf.getNotAfter().toInstant())) {
        throw settings(
            "the client certificate "
                + where
                + " expired on "
                + leaf.getNotAfter().toInstant()
                + ": renew it");
      }
      if (now.isBefore(leaf.getNotBefore().toInstant())) {
        throw settings(
            "the client certificate "
                + where
                + " is not valid before "
                + leaf.getNotBefore().toInstant()
                + " (is this machine's clock right?)");
      }
      if (!new String(key, StandardCharsets.US_ASCII).contains("PRIVATE KEY-----")) {
        throw settings(
            "the client key "
                + name(Setting.CLIENT_KEY, tls.getClientKeyPath(), origins)
                + " holds no PEM private key");
      }
    }
  }

  /** The SDK could not build a TLS context from material that passed the checks: the key. */
  static ConnectionException unusable(TemporalConnection connection) {
    ClientConfigTLS tls = connection.tlsSettings();
    String key =
        tls == null
            ? ""
            : " " + name(Setting.CLIENT_KEY, tls.getClientKeyPath(), connection.origins());
    return settings(
        "cannot build a TLS context from the client certificate and key"
            + key
            + ": the key must be a PEM private key (PKCS#8) that matches the certificate");
  }

  private static byte[] read(Setting setting, String path, byte[] data, SettingOrigins origins) {
    if (TemporalConnection.present(path)) {
      Path file = Path.of(path);
      if (!Files.isRegularFile(file)) {
        throw settings(
            "the "
                + label(setting)
                + " file "
                + path
                + " does not exist (set by "
                + origins.origin(setting)
                + ")");
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw settings(
            "cannot read the "
                + label(setting)
                + " file "
                + path
                + " (set by "
                + origins.origin(setting)
                + "): "
                + e.getClass().getSimpleName());
      }
    }
    return data != null && data.length > 0 ? data : null;
  }

  private static List<X509Certificate> certificates(
      Setting setting, String path, byte[] pem, SettingOrigins origins) {
    try {
      Collection<? extends java.security.cert.Certificate> parsed =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
      List<X509Certificate> certs =
          parsed.stream()
              .filter(X509Certificate.class::isInstance)
              .map(X509Certificate.class::cast)
              .toList();
      if (!certs.isEmpty()) {
        return certs;
      }
    } catch (CertificateException e) {
      // fall through: the same error as an empty file
    }
    throw settings(
        "the " + label(setting) + " " + name(setting, path, origins) + " holds no PEM certificate");
  }

  /** "PATH (set by X)", or "(set by X)" for PEM data: where the material came from. */
  static String name(Setting setting, String path, SettingOrigins origins) {
    String source = "(set by " + origins.origin(setting) + ")";
    return TemporalConnection.present(path) ? path + " " + source : source;
  }

  private static String label(Setting setting) {
    return switch (setting) {
      case SERVER_CA -> "server CA certificate";
      case CLIENT_CERT -> "client certificate";
      case CLIENT_KEY -> "client key";
      default -> setting.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static ConnectionException settings(String message) {
    return new ConnectionException(ConnectionException.Kind.SETTINGS, message);
  }
}
