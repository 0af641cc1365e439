package io.specops.metrics;

import io.specops.kubernetes.QuotaCeiling;
import java.time.Instant;

/**
 * One observation of a service (seed 001 Step 2): replica counts from the workload, metrics from
 * the metrics source, when they were observed, and where they came from. {@code quota} is the
 * namespace's ResourceQuota ceiling, read only when a scale-up would pass it (null otherwise, and
 * in histories recorded before the field). {@code podRequest} is what each pod of the workload
 * requests, from its template (null when unknown, and in histories recorded before the field).
 * {@code serving} is what one pod's utilization is measured against (its containers' and native
 * sidecars' requests, as admitted), what turns pods' worth of demand into cores and a utilization
 * into a right-sized request (null when unknown, and in histories recorded before the field).
 */
public record MetricsSnapshot(
    String service,
    int replicas,
    int podsRunning,
    int podsReady,
    Metrics metrics,
    Instant observedAt,
    String source,
    QuotaCeiling quota,
    PodRequest podRequest,
    PodRequest serving) {

  public MetricsSnapshot(
      String service,
      int replicas,
      int podsRunning,
      int podsReady,
      Metrics metrics,
      Instant observedAt,
      String source) {
    this(service, replicas, podsRunning, podsReady, metrics, observedAt, source, null, null, null);
  }

  public MetricsSnapshot withMetrics(Metrics newMetrics) {
    return new MetricsSnapshot(
        service,
        replicas,
        podsRunning,
        podsReady,
        newMetrics,
        observedAt,
        source,
        quota,
        podRequest,
        serving);
  }

  /** The same observation, stamped {@code at} (another clock's reading of the same moment). */
  public MetricsSnapshot withObservedAt(Instant at) {
    return new MetricsSnapshot(
        service, replicas, podsRunning, podsReady, metrics, at, source, quota, podRequest, serving);
  }

  /** The same observation, with the quota ceiling a scale-up must stay under. */
  public MetricsSnapshot withQuota(QuotaCeiling ceiling) {
    return new MetricsSnapshot(
        service,
        replicas,
        podsRunning,
        podsReady,
        metrics,
        observedAt,
        source,
        ceiling,
        podRequest,
        serving);
  }

  /** The same observation, with what each pod of the workload requests. */
  public MetricsSnapshot withPodRequest(PodRequest request) {
    return new MetricsSnapshot(
        service,
        replicas,
        podsRunning,
        podsReady,
        metrics,
        observedAt,
        source,
        quota,
        request,
        serving);
  }

  /** The same observation, with what one pod's utilization is measured against. */
  public MetricsSnapshot withServing(PodRequest request) {
    return new MetricsSnapshot(
        service,
        replicas,
        podsRunning,
        podsReady,
        metrics,
        observedAt,
        source,
        quota,
        podRequest,
        request);
  }
}
