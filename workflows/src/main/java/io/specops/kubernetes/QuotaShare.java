package io.specops.kubernetes;

import io.specops.blueprint.Quantities;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one more pod of a workload takes from each ResourceQuota of its namespace that counts it
 * ({@code perPod}, by "quota/resource", in cores, bytes or pods). Services of one namespace draw on
 * the same quota room, so the coordinator pools it as a shared resource named {@link #key}
 * (docs/coordination.md, "Namespace quotas").
 */
public record QuotaShare(String namespace, Map<String, Double> perPod) {
  private static final String PREFIX = "quota:";

  /** The pooled resource's name: "quota:todo-app/team-cpu/requests.cpu". */
  public static String key(String namespace, String quota, String resource) {
    return PREFIX + namespace + "/" + quota + "/" + resource;
  }

  public static boolean isKey(String name) {
    return name.startsWith(PREFIX);
  }

  /** The namespace a pooled resource's name is of. */
  public static String namespaceOf(String key) {
    return key.substring(PREFIX.length(), key.indexOf('/'));
  }

  /** What {@code pods} more pods take, by pooled name (negative: what fewer pods give back). */
  public Map<String, Double> adds(int pods) {
    Map<String, Double> out = new TreeMap<>();
    perPod.forEach(
        (quotaResource, amount) ->
            out.put(PREFIX + namespace + "/" + quotaResource, amount * pods));
    return out;
  }

  /** "the namespace todo-app's ResourceQuota team-cpu (requests.cpu)". */
  public static String describe(String key) {
    String[] parts = key.substring(PREFIX.length()).split("/", 3);
    return "the namespace " + parts[0] + "'s ResourceQuota " + parts[1] + " (" + parts[2] + ")";
  }

  /**
   * An amount of a shared resource: a pooled quota's as the quota writes it (150m, 256Mi, 3), a
   * fleet budget's as a number (20, 2.5).
   */
  public static String format(String name, double amount) {
    String resource = isKey(name) ? name.substring(name.lastIndexOf('/') + 1) : "";
    if (resource.equals("cpu") || resource.endsWith(".cpu")) {
      return Quantities.formatCpu(Math.round(amount * 1000));
    }
    if (resource.equals("memory") || resource.endsWith(".memory")) {
      return Quantities.formatMemory(Math.round(amount));
    }
    return amount == Math.rint(amount)
        ? Long.toString((long) amount)
        : Double.toString(Math.round(amount * 100) / 100.0);
  }
}
