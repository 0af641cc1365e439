package io.specops.connection;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;

/**
 * Turns what gRPC and the TLS stack say into one line naming the cause and the setting to fix. TLS
 * failures hide several layers down in the status' causes (Netty's handshake exception inside the
 * transport's), and a TLS-terminating proxy answers a refused client certificate with HTTP 400.
 */
public final class ConnectionErrors {
  private ConnectionErrors() {}

  public static ConnectionException explain(
      StatusRuntimeException e, TemporalConnection connection) {
    String address = connection.target();
    SettingOrigins origins = connection.origins();
    String causes = causes(e);
    Status.Code code = e.getStatus().getCode();
    if (has(e, CertificateExpiredException.class) || causes.contains("certificate expired")) {
      return refused(
          "the certificate of the server at "
              + address
              + " or of a CA in its chain has expired; "
              + "if the server is right, renew its certificate");
    }
    if (causes.contains("pkix") || causes.contains("certification path")) {
      return refused(
          "the server at "
              + address
              + " presented a certificate "
              + (hasServerCa(connection)
                  ? "that the CA "
                      + (TemporalConnection.present(connection.tlsSettings().getServerCACertPath())
                          ? "in "
                          : "")
                      + TlsMaterial.name(
                          Setting.SERVER_CA,
                          connection.tlsSettings().getServerCACertPath(),
                          origins)
                      + " did not sign"
                  : "that no CA this machine trusts signed; set the server's CA with "
                      + Setting.SERVER_CA.howToSet()));
    }
    if (causes.contains("subject alternative name") || causes.contains("no name matching")) {
      return refused(
          "the certificate of the server at "
              + address
              + " is not for that host name; set the name it is for with "
              + Setting.SERVER_NAME.howToSet());
    }
    boolean clientCertRefused =
        causes.contains("bad_certificate")
            || causes.contains("unknown_ca")
            || causes.contains("certificate_unknown")
            || causes.contains("the ssl certificate error")
            || causes.contains("expired_certificate");
    boolean clientCertMissing =
        causes.contains("certificate_required") || causes.contains("no required ssl certificate");
    if (clientCertRefused || clientCertMissing) {
      if (!connection.hasClientCertificate()) {
        return refused(
            "the server at "
                + address
                + " requires a client certificate: set "
                + Setting.CLIENT_CERT.howToSet()
                + " and "
                + Setting.CLIENT_KEY.howToSet());
      }
      return refused(
          "the server at "
              + address
              + " refused the client certificate "
              + clientCertificate(connection)
              + ": it is not signed by a CA the server trusts, or it was revoked");
    }
    if (causes.contains("not an ssl/tls record") || causes.contains("notsslrecord")) {
      return refused(
          address
              + " does not speak TLS: turn TLS off ("
              + Setting.TLS.flag()
              + "=false or "
              + Setting.TLS.env()
              + "=false) or use its TLS address");
    }
    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      if (connection.hasApiKey()) {
        return refused(
            "Temporal at "
                + address
                + " refused the API key from "
                + origins.origin(Setting.API_KEY)
                + " for namespace "
                + connection.namespace()
                + " ("
                + code
                + "): check that the key is current and has access to the namespace");
      }
      return refused(
          "Temporal at "
              + address
              + " requires credentials ("
              + code
              + "): set an API key with "
              + Setting.API_KEY.howToSet()
              + ", or a client certificate with "
              + Setting.CLIENT_CERT.howToSet());
    }
    if (code == Status.Code.NOT_FOUND) {
      return new ConnectionException(
          ConnectionException.Kind.SETTINGS,
          "there is no namespace "
              + connection.namespace()
              + " at "
              + address
              + connection.setBy(Setting.NAMESPACE));
    }
    if (has(e, UnknownHostException.class)) {
      return unreachable(
          "cannot reach Temporal at "
              + address
              + ": unknown host"
              + connection.setBy(Setting.ADDRESS));
    }
    if (has(e, ConnectException.class) || code == Status.Code.DEADLINE_EXCEEDED) {
      return unreachable(
          "cannot reach Temporal at "
              + address
              + connection.setBy(Setting.ADDRESS)
              + ": is the worker (./specops worker) or the Temporal server running?");
    }
    if (code == Status.Code.UNAVAILABLE && !connection.tls()) {
      return unreachable(
          "Temporal at "
              + address
              + " closed the connection; if it expects TLS, turn TLS on with "
              + Setting.TLS.howToSet());
    }
    return unreachable("Temporal at " + address + " answered " + code + firstLine(e));
  }

  private static String clientCertificate(TemporalConnection connection) {
    return TlsMaterial.name(
        Setting.CLIENT_CERT, connection.tlsSettings().getClientCertPath(), connection.origins());
  }

  /** A server CA was given, as a path or as PEM data. */
  private static boolean hasServerCa(TemporalConnection connection) {
    var tls = connection.tlsSettings();
    return tls != null
        && (TemporalConnection.present(tls.getServerCACertPath())
            || (tls.getServerCACertData() != null && tls.getServerCACertData().length > 0));
  }

  /** The status description and every cause's message, lower case: what the TLS stack said. */
  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
      if (t.getCause() == t) {
        break;
      }
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    if (description == null || description.isBlank()) {
      return "";
    }
    String line = description.strip().lines().findFirst().orElse("");
    return ": " + (line.length() > 160 ? line.substring(0, 160) + "..." : line);
  }

  private static ConnectionException refused(String message) {
    return new ConnectionException(ConnectionException.Kind.REFUSED, message);
  }

  private static ConnectionException unreachable(String message) {
    return new ConnectionException(ConnectionException.Kind.UNREACHABLE, message);
  }
}
