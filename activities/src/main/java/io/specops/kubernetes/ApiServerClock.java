package io.specops.kubernetes;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.specops.time.ClockDifference;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The API server's time, as this worker can know it: the worker's clock moved by how far the
 * server's was ahead in the Date header of its latest answer (an interceptor on the client). Events
 * and conditions are stamped by the cluster; asking whether one is recent by the worker's own clock
 * misses every one on a worker minutes ahead and keeps stale ones on a worker behind
 * (docs/operations.md, "The cluster's clock").
 */
public final class ApiServerClock implements Interceptor {
  /** The header's second is cut, not rounded: on average the server was half a second later. */
  private static final Duration HALF_SECOND = Duration.ofMillis(500);

  private final Clock worker;
  private final ClockDifference difference =
      new ClockDifference(
          LoggerFactory.getLogger(ApiServerClock.class),
          "SpecOps reads the age of the cluster's Events on the server's time");

  /** Until an answer is measured (or for a client without it as interceptor): the worker's. */
  public ApiServerClock(Clock worker) {
    this.worker = worker;
  }

  /** Measures every answer of the client being built (its Date header). */
  public void installOn(HttpClient.Builder http) {
    http.addOrReplaceInterceptor("specops-api-server-clock", this);
  }

  /** Now on the API server's clock, as far as its answers said. */
  public Instant now() {
    return worker.instant().plus(ahead());
  }

  /** Whether an answer has said what time the API server has. */
  public boolean known() {
    return difference.known();
  }

  /**
   * How far the API server's clock is ahead of the worker's (negative: behind); zero until known.
   */
  public Duration ahead() {
    return difference.ahead();
  }

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    answeredAt(
        request.uri() == null ? "?" : request.uri().getAuthority(),
        response.header("Date"),
        worker.instant());
  }

  /**
   * An answer of {@code server} whose Date header says {@code date}, received at {@code received}
   * by the worker.
   */
  void answeredAt(String server, String date, Instant received) {
    Instant said = parse(date);
    if (said != null) {
      difference.measured(
          "the Kubernetes API server " + server,
          Duration.between(received, said.plus(HALF_SECOND)));
    }
  }

  /** An HTTP Date (RFC 1123, as Go's net/http writes it), or null. */
  static Instant parse(String date) {
    if (date == null || date.isBlank()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
