package io.specops.metrics;

/**
 * Observed service metrics, in the seeds' shape: utilizations as fractions of the request,
 * latencies in milliseconds, throughput in requests per second, error rate as a fraction. A null
 * field was not observed.
 */
public record Metrics(
    Double cpuUtilization,
    Double memoryUtilization,
    Double latencyP50,
    Double latencyP95,
    Double throughput,
    Double errorRate) {

  public static Metrics none() {
    return new Metrics(null, null, null, null, null, null);
  }
}
