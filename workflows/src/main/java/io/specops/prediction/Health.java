package io.specops.prediction;

/**
 * A service's health (seed 002): a 0-100 score from cpu (30%), memory (30%), error rate (20%) and
 * latency (20%); healthy above 70, degraded 40-70, unhealthy below 40.
 */
public record Health(
    int score, String status, int cpuScore, int memoryScore, int errorScore, int latencyScore) {
  public boolean degraded() {
    return !"healthy".equals(status);
  }
}
