package io.specops.metrics;

/** The metrics of a service could not be read; the message says what and why. */
public class MetricsUnavailableException extends RuntimeException {
  public MetricsUnavailableException(String message) {
    super(message);
  }

  public MetricsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
