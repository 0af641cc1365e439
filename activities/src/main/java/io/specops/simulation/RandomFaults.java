package io.specops.simulation;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Breaks the simulated API server on purpose: each request SpecOps sends fails with probability
 * {@code rate}, as a 500/503, a 409 conflict (writes), or a response slower than the client's
 * timeout. The simulator's own requests are never broken. Counts what it did.
 */
public final class RandomFaults implements FaultInjector {
  private final Random random;
  private volatile double rate;
  private volatile boolean writesOnly;
  private final Duration timeoutDelay;
  private final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicInteger conflicts = new AtomicInteger();
  private final AtomicInteger timeouts = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();

  public RandomFaults(double rate, Duration timeoutDelay, long seed) {
    this.rate = rate;
    this.timeoutDelay = timeoutDelay;
    this.random = new Random(seed);
  }

  public void rate(double value) {
    rate = value;
  }

  /** Break only writes (an API that still answers reads but refuses every change). */
  public void writesOnly(boolean value) {
    writesOnly = value;
  }

  @Override
  public MockResponse onWrite(RecordedRequest request) {
    return fault(request, true);
  }

  @Override
  public MockResponse onRead(RecordedRequest request) {
    return fault(request, false);
  }

  private synchronized MockResponse fault(RecordedRequest request, boolean write) {
    if (!SimulatedCluster.SPECOPS_USER_AGENT.equals(request.getHeader("User-Agent"))) {
      return null;
    }
    requests.incrementAndGet();
    if (writesOnly && !write || random.nextDouble() >= rate) {
      return null;
    }
    // a failed write is a 409 half the time: optimistic concurrency is how a real API refuses most
    // changes
    int kind = write && random.nextBoolean() ? 2 : random.nextInt(2);
    if (kind == 0) {
      serverErrors.incrementAndGet();
      return new MockResponse()
          .setResponseCode(random.nextBoolean() ? 500 : 503)
          .setBody(
              "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"injected server error\",\"code\":503}");
    }
    if (kind == 1) {
      timeouts.incrementAndGet();
      return new MockResponse()
          .setResponseCode(504)
          .setBodyDelay(timeoutDelay)
          .setBody(
              "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"injected timeout\",\"code\":504}");
    }
    conflicts.incrementAndGet();
    return new MockResponse()
        .setResponseCode(409)
        .setBody(
            "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":"
                + "\"the object has been modified (injected conflict)\",\"reason\":\"Conflict\",\"code\":409}");
  }

  public int serverErrors() {
    return serverErrors.get();
  }

  public int conflicts() {
    return conflicts.get();
  }

  public int timeouts() {
    return timeouts.get();
  }

  public long requests() {
    return requests.get();
  }
}
