package io.specops.connection;

/**
 * A connection that cannot be made, in one line that names the cause and the setting to fix; never
 * a key, a certificate's content or an API key.
 */
public final class ConnectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of fix it needs: a setting, an answer from the server, or a server to reach. */
  public enum Kind {
    SETTINGS,
    REFUSED,
    UNREACHABLE
  }

  private final Kind kind;

  public ConnectionException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
