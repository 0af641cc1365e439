package io.specops.kubernetes;

/** Which pods are a workload's own, by name. */
public final class PodNames {
  /** The API server keeps this much of a generated name's base (63 less 5 random characters). */
  private static final int GENERATED_BASE = 58;

  private PodNames() {}

  /**
   * A regex (RE2, anchored at both ends by Prometheus) matching the names of the workload's own
   * pods and no other's: a Deployment's pods are {@code NAME-HASH-XXXXX} (the ReplicaSet's
   * pod-template hash, 1-10 characters, then the API server's 5 random ones), so {@code web-.*}
   * would also take in the pods of a Deployment {@code web-worker} in the same namespace. The API
   * server cuts a generated name's base at 58 characters, so a long name's pods have part of the
   * hash, or none, and no dash before the random part. A StatefulSet's pods are {@code NAME-0},
   * {@code NAME-1}, ... A dot in a name is literal ({@code [.]}: no backslash to escape in the
   * PromQL string).
   */
  public static String pattern(WorkloadRef ref) {
    String name = ref.name().replace(".", "[.]");
    if ("StatefulSet".equals(ref.kind())) {
      return name + "-[0-9]+";
    }
    String whole = name + "-[a-z0-9]{1,10}-[a-z0-9]{5}";
    int base = ref.name().length();
    if (base + "-".length() + 10 + "-".length() <= GENERATED_BASE) {
      return whole;
    }
    if (base >= GENERATED_BASE) {
      return ref.name().substring(0, GENERATED_BASE).replace(".", "[.]") + "[a-z0-9]{5}";
    }
    // cut inside the hash (or right after the name's dash): 58 characters of base, then 5
    int hashKept = GENERATED_BASE - base - "-".length();
    return whole + "|" + name + "-[a-z0-9]{" + (hashKept + 5) + "}";
  }

  /** Whether the pod named {@code pod} is one of the workload's own. */
  public static boolean owns(WorkloadRef ref, String pod) {
    return pod.matches(pattern(ref));
  }
}
