package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpec;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How many more of a workload's pods a namespace's ResourceQuotas admit, counted as the quota
 * admission does: each pod's requests and limits (a container's missing request defaults to its
 * limit, then to the namespace's LimitRange defaults; init containers and native sidecars as {@link
 * PodResources} counts them), against each quota's status (hard minus used) whose scopes match the
 * pod template. A quota whose scope this cannot judge is left out, so the ceiling is never lower
 * than the API server's.
 */
public final class QuotaRoom {
  private static final Set<String> BARE = Set.of("cpu", "memory", "ephemeral-storage");

  private QuotaRoom() {}

  /**
   * The ceiling for a workload with {@code pods} pods now (the quota counts them already) and this
   * pod template; null when no quota limits what its pods use.
   */
  public static QuotaCeiling ceiling(List<ResourceQuota> quotas, PodSpec pod, int pods) {
    return ceiling(quotas, pod, pods, List.of());
  }

  /**
   * As above, with the namespace's LimitRanges: their container defaults fill in what a container
   * does not ask for, as the LimitRanger admission does before the quota counts the pod.
   */
  public static QuotaCeiling ceiling(
      List<ResourceQuota> quotas, PodSpec pod, int pods, List<LimitRange> limitRanges) {
    ContainerDefaults defaults = ContainerDefaults.of(limitRanges);
    Map<String, BigDecimal> perPod = usage(pod, defaults);
    QuotaCeiling tightest = null;
    long least = Long.MAX_VALUE;
    for (ResourceQuota q : counting(quotas, pod, defaults)) {
      Map<String, Quantity> used =
          q.getStatus().getUsed() == null ? Map.of() : q.getStatus().getUsed();
      for (Map.Entry<String, Quantity> hard : q.getStatus().getHard().entrySet()) {
        BigDecimal need = perPod.get(hard.getKey());
        if (need == null || need.signum() <= 0) {
          continue;
        }
        Quantity u = used.get(hard.getKey());
        BigDecimal left = PodResources.amount(hard.getValue()).subtract(PodResources.amount(u));
        long room = Math.max(0, left.divide(need, 0, RoundingMode.FLOOR).longValue());
        if (room < least) {
          least = room;
          tightest =
              new QuotaCeiling(
                  (int) Math.min(Integer.MAX_VALUE, pods + room),
                  q.getMetadata().getName(),
                  hard.getKey(),
                  u == null ? "0" : u.toString(),
                  hard.getValue().toString());
        }
      }
    }
    return tightest;
  }

  /**
   * What one more pod of this template takes from each quota that counts it, by "quota/resource";
   * null when no quota does. The same quotas and resources {@link #ceiling} weighs.
   */
  public static QuotaShare share(
      String namespace, List<ResourceQuota> quotas, PodSpec pod, List<LimitRange> limitRanges) {
    ContainerDefaults defaults = ContainerDefaults.of(limitRanges);
    Map<String, BigDecimal> perPod = usage(pod, defaults);
    Map<String, Double> share = new TreeMap<>();
    for (ResourceQuota q : counting(quotas, pod, defaults)) {
      for (String resource : q.getStatus().getHard().keySet()) {
        BigDecimal need = perPod.get(resource);
        if (need != null && need.signum() > 0) {
          share.put(q.getMetadata().getName() + "/" + resource, need.doubleValue());
        }
      }
    }
    return share.isEmpty() ? null : new QuotaShare(namespace, share);
  }

  /**
   * The quotas that count pods of this template: counted by the quota controller already (a
   * status), and with scopes that take the pods in.
   */
  private static List<ResourceQuota> counting(
      List<ResourceQuota> quotas, PodSpec pod, ContainerDefaults defaults) {
    return quotas.stream()
        .filter(q -> q.getStatus() != null && q.getStatus().getHard() != null)
        .filter(q -> applies(q.getSpec(), pod, defaults))
        .toList();
  }

  /**
   * The room each quota of a namespace has left (hard minus used), by the pooled name {@link
   * QuotaShare#key}; quotas the quota controller has not counted yet are left out.
   */
  public static Map<String, Double> left(String namespace, List<ResourceQuota> quotas) {
    Map<String, Double> left = new TreeMap<>();
    for (ResourceQuota q : quotas) {
      if (q.getStatus() == null || q.getStatus().getHard() == null) {
        continue;
      }
      Map<String, Quantity> used =
          q.getStatus().getUsed() == null ? Map.of() : q.getStatus().getUsed();
      q.getStatus()
          .getHard()
          .forEach(
              (resource, hard) ->
                  left.put(
                      QuotaShare.key(namespace, q.getMetadata().getName(), resource),
                      PodResources.amount(hard)
                          .subtract(PodResources.amount(used.get(resource)))
                          .doubleValue()));
    }
    return left;
  }

  /**
   * What one pod counts against {@code quota}, for the resources the quota limits (its spec's
   * hard), as the quota admission and controller count it; empty when its scopes leave the pod out.
   */
  public static Map<String, BigDecimal> charge(ResourceQuota quota, PodSpec pod) {
    if (quota.getSpec() == null
        || quota.getSpec().getHard() == null
        || !applies(quota.getSpec(), pod, ContainerDefaults.NONE)) {
      return Map.of();
    }
    Map<String, BigDecimal> usage = usage(pod, ContainerDefaults.NONE);
    Map<String, BigDecimal> charge = new TreeMap<>();
    for (String resource : quota.getSpec().getHard().keySet()) {
      BigDecimal amount = usage.get(resource);
      if (amount != null && amount.signum() > 0) {
        charge.put(resource, amount);
      }
    }
    return charge;
  }

  /** What one pod of this template counts against a quota, under the quota's resource names. */
  static Map<String, BigDecimal> usage(PodSpec pod) {
    return usage(pod, ContainerDefaults.NONE);
  }

  static Map<String, BigDecimal> usage(PodSpec pod, ContainerDefaults defaults) {
    Map<String, BigDecimal> u = new HashMap<>();
    u.put("pods", BigDecimal.ONE);
    u.put("count/pods", BigDecimal.ONE);
    effective(pod, true, defaults)
        .forEach(
            (resource, amount) -> {
              u.put("requests." + resource, amount);
              if (BARE.contains(resource)) {
                u.put(resource, amount);
              }
            });
    effective(pod, false, defaults)
        .forEach((resource, amount) -> u.put("limits." + resource, amount));
    return u;
  }

  /** The pod's requests (or limits), as the quota admission counts them. */
  private static Map<String, BigDecimal> effective(
      PodSpec pod, boolean requests, ContainerDefaults defaults) {
    return PodResources.effective(
        pod, requests, c -> requests ? defaults.requestsOf(c) : defaults.limitsOf(c));
  }

  /** Whether the quota's scopes (and scope selector) take in pods of this template. */
  static boolean applies(ResourceQuotaSpec spec, PodSpec pod, ContainerDefaults defaults) {
    if (spec == null) {
      return true;
    }
    for (String scope : list(spec.getScopes())) {
      if (!matches(scope, "Exists", List.of(), pod, defaults)) {
        return false;
      }
    }
    if (spec.getScopeSelector() != null) {
      for (ScopedResourceSelectorRequirement r :
          list(spec.getScopeSelector().getMatchExpressions())) {
        if (!matches(r.getScopeName(), r.getOperator(), list(r.getValues()), pod, defaults)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(
      String scope, String operator, List<String> values, PodSpec pod, ContainerDefaults defaults) {
    if ("PriorityClass".equals(scope)) {
      String name = pod.getPriorityClassName() == null ? "" : pod.getPriorityClassName();
      return switch (operator) {
        case "In" -> values.contains(name);
        case "NotIn" -> !values.contains(name);
        case "Exists" -> !name.isEmpty();
        case "DoesNotExist" -> name.isEmpty();
        default -> false;
      };
    }
    Boolean has =
        switch (scope) {
          case "Terminating" -> pod.getActiveDeadlineSeconds() != null;
          case "NotTerminating" -> pod.getActiveDeadlineSeconds() == null;
          case "BestEffort" -> bestEffort(pod, defaults);
          case "NotBestEffort" -> !bestEffort(pod, defaults);
          case "CrossNamespacePodAffinity" -> crossNamespaceAffinity(pod);
          default -> null; // a scope this version does not know: leave the quota out
        };
    if (has == null) {
      return false;
    }
    return switch (operator) {
      case "Exists" -> has;
      case "DoesNotExist" -> !has;
      default -> false;
    };
  }

  /** No container asks for or limits CPU or memory, nor gets them from a LimitRange. */
  private static boolean bestEffort(PodSpec pod, ContainerDefaults defaults) {
    return !defaults.setsCpuOrMemory()
        && Stream.concat(list(pod.getContainers()).stream(), list(pod.getInitContainers()).stream())
            .allMatch(
                c ->
                    c.getResources() == null
                        || Stream.of(c.getResources().getRequests(), c.getResources().getLimits())
                            .allMatch(
                                m ->
                                    m == null
                                        || (!m.containsKey("cpu") && !m.containsKey("memory"))));
  }

  private static boolean crossNamespaceAffinity(PodSpec pod) {
    if (pod.getAffinity() == null) {
      return false;
    }
    List<PodAffinityTerm> terms = new ArrayList<>();
    var affinity = pod.getAffinity().getPodAffinity();
    var anti = pod.getAffinity().getPodAntiAffinity();
    if (affinity != null) {
      terms.addAll(list(affinity.getRequiredDuringSchedulingIgnoredDuringExecution()));
      list(affinity.getPreferredDuringSchedulingIgnoredDuringExecution()).stream()
          .map(WeightedPodAffinityTerm::getPodAffinityTerm)
          .forEach(terms::add);
    }
    if (anti != null) {
      terms.addAll(list(anti.getRequiredDuringSchedulingIgnoredDuringExecution()));
      list(anti.getPreferredDuringSchedulingIgnoredDuringExecution()).stream()
          .map(WeightedPodAffinityTerm::getPodAffinityTerm)
          .forEach(terms::add);
    }
    return terms.stream()
        .anyMatch(
            t ->
                t != null
                    && (t.getNamespaceSelector() != null || !list(t.getNamespaces()).isEmpty()));
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
