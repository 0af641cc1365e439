package io.specops.simulation;

import java.util.Locale;

/**
 * The simulated cluster's pod names, shaped as a Deployment's are ({@code NAME-HASH-XXXXX}), so
 * queries that select a workload's pods by name (the Prometheus source's {@code $pods}) meet the
 * names they would meet on a real cluster.
 */
final class SimulatedPodNames {
  private SimulatedPodNames() {}

  /** The pod of {@code service} numbered {@code n}: its ReplicaSet's name, then five digits. */
  static String pod(String service, long n) {
    return service + "-" + templateHash(service) + "-" + String.format(Locale.ROOT, "%05d", n);
  }

  /** A stand-in for the pod-template hash: fixed per service, six hex digits. */
  private static String templateHash(String service) {
    return Long.toHexString(0x7d8f9c5b6dL + service.hashCode()).substring(0, 6);
  }
}
