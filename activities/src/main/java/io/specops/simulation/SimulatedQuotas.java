package io.specops.simulation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.kubernetes.PodResources;
import io.specops.kubernetes.QuotaRoom;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated cluster's ResourceQuota admission and controller: a pod that a namespace's quota
 * has no room for is refused in the API server's words, and each quota's {@code status} (hard, and
 * used: what the namespace's pods count) is kept as the quota controller keeps it
 * (docs/simulation.md).
 */
final class SimulatedQuotas {
  private final KubernetesClient admin;

  SimulatedQuotas(KubernetesClient admin) {
    this.admin = admin;
  }

  /** The quotas of every namespace that has one, by namespace (one list a controller round). */
  Map<String, List<ResourceQuota>> byNamespace() {
    Map<String, List<ResourceQuota>> out = new TreeMap<>();
    for (ResourceQuota q : admin.resourceQuotas().inAnyNamespace().list().getItems()) {
      out.computeIfAbsent(q.getMetadata().getNamespace(), k -> new ArrayList<>()).add(q);
    }
    return out;
  }

  /**
   * Why the API server refuses {@code pod} ("pods \"web-7\" is forbidden: exceeded quota: team-cpu,
   * requested: requests.cpu=50m, used: requests.cpu=480m, limited: requests.cpu=500m"), or null
   * when every quota has room for it.
   */
  static String refusal(List<ResourceQuota> quotas, Pod pod) {
    for (ResourceQuota q : quotas) {
      Map<String, Quantity> used =
          q.getStatus() == null || q.getStatus().getUsed() == null
              ? Map.of()
              : q.getStatus().getUsed();
      for (Map.Entry<String, BigDecimal> c : QuotaRoom.charge(q, pod.getSpec()).entrySet()) {
        Quantity hard = q.getSpec().getHard().get(c.getKey());
        BigDecimal now = PodResources.amount(used.get(c.getKey()));
        if (now.add(c.getValue()).compareTo(PodResources.amount(hard)) > 0) {
          String r = c.getKey();
          return "pods \""
              + pod.getMetadata().getName()
              + "\" is forbidden: exceeded quota: "
              + q.getMetadata().getName()
              + ", requested: "
              + r
              + "="
              + quantity(c.getValue(), hard)
              + ", used: "
              + r
              + "="
              + quantity(now, hard)
              + ", limited: "
              + r
              + "="
              + hard;
        }
      }
    }
    return null;
  }

  /**
   * Counts what the namespace's live pods take from each of its quotas into the quotas' status,
   * writing those that changed; returns the quotas as they now are.
   */
  List<ResourceQuota> recount(String namespace, List<ResourceQuota> quotas) {
    List<Pod> pods =
        admin.pods().inNamespace(namespace).list().getItems().stream()
            .filter(p -> p.getStatus() == null || !finished(p.getStatus().getPhase()))
            .toList();
    List<ResourceQuota> counted = new ArrayList<>();
    for (ResourceQuota q : quotas) {
      if (q.getSpec() == null || q.getSpec().getHard() == null) {
        counted.add(q);
        continue;
      }
      Map<String, BigDecimal> sum = new TreeMap<>();
      q.getSpec().getHard().keySet().forEach(r -> sum.put(r, BigDecimal.ZERO));
      for (Pod pod : pods) {
        QuotaRoom.charge(q, pod.getSpec()).forEach((r, a) -> sum.merge(r, a, BigDecimal::add));
      }
      Map<String, Quantity> used = new TreeMap<>();
      sum.forEach((r, a) -> used.put(r, quantity(a, q.getSpec().getHard().get(r))));
      if (q.getStatus() != null
          && q.getSpec().getHard().equals(q.getStatus().getHard())
          && sameAmounts(used, q.getStatus().getUsed())) {
        counted.add(q);
        continue;
      }
      q.setStatus(
          new ResourceQuotaStatusBuilder().withHard(q.getSpec().getHard()).withUsed(used).build());
      counted.add(admin.resourceQuotas().inNamespace(namespace).resource(q).updateStatus());
    }
    return counted;
  }

  private static boolean sameAmounts(Map<String, Quantity> a, Map<String, Quantity> b) {
    if (b == null || !a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream()
        .allMatch(
            e ->
                PodResources.amount(e.getValue()).compareTo(PodResources.amount(b.get(e.getKey())))
                    == 0);
  }

  private static boolean finished(String phase) {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** An amount in the unit the quota's hard limit is written in: 400m, 2, 1Gi. */
  private static Quantity quantity(BigDecimal amount, Quantity like) {
    String format = like == null || like.getFormat() == null ? "" : like.getFormat();
    return Quantity.fromNumericalAmount(amount, format);
  }
}
