package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The container defaults of a namespace's LimitRanges (type Container: {@code defaultRequest},
 * {@code default}), which the LimitRanger admission fills in for what a container does not set
 * before the pod is stored; the first LimitRange that sets a resource wins, as the admission
 * applies them in turn. A live pod has been through it; a workload's template has not.
 */
public record ContainerDefaults(Map<String, Quantity> requests, Map<String, Quantity> limits) {
  public static final ContainerDefaults NONE = new ContainerDefaults(Map.of(), Map.of());

  public static ContainerDefaults of(List<LimitRange> ranges) {
    Map<String, Quantity> requests = new HashMap<>();
    Map<String, Quantity> limits = new HashMap<>();
    for (LimitRange range : ranges) {
      if (range.getSpec() == null || range.getSpec().getLimits() == null) {
        continue;
      }
      for (LimitRangeItem item : range.getSpec().getLimits()) {
        if (!"Container".equals(item.getType())) {
          continue;
        }
        if (item.getDefaultRequest() != null) {
          item.getDefaultRequest().forEach(requests::putIfAbsent);
        }
        if (item.getDefault() != null) {
          item.getDefault().forEach(limits::putIfAbsent);
        }
      }
    }
    return new ContainerDefaults(requests, limits);
  }

  /**
   * The namespace's LimitRanges, listed through its Role; none when the Role does not allow it (an
   * older one) or the API has no such list.
   */
  public static List<LimitRange> list(KubernetesClient client, String namespace) {
    try {
      return client.limitRanges().inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * The defaults that would fill in this template's pods: read only where no admitted pod shows
   * what the template's become ({@code admitted} false) and a container leaves CPU or memory unset,
   * so a workload with live pods or complete requests costs no API call for them.
   */
  public static ContainerDefaults forTemplate(
      KubernetesClient client, String namespace, PodSpec template, boolean admitted) {
    return forTemplate(template, admitted, () -> ofNamespace(client, namespace));
  }

  /** As above, the namespace's defaults from {@code namespace} (a reader that caches them). */
  static ContainerDefaults forTemplate(
      PodSpec template,
      boolean admitted,
      java.util.function.Supplier<ContainerDefaults> namespace) {
    if (admitted || template == null || !leavesUnset(template)) {
      return NONE;
    }
    return namespace.get();
  }

  /**
   * The namespace's defaults, best effort: none when its LimitRanges cannot be read at all (the
   * template alone then says what a pod requests, as it did before they were read).
   */
  static ContainerDefaults ofNamespace(KubernetesClient client, String namespace) {
    try {
      return of(list(client, namespace));
    } catch (KubernetesClientException e) {
      return NONE;
    }
  }

  /**
   * Whether a container (or init container) sets neither a request nor a limit of CPU or memory.
   */
  static boolean leavesUnset(PodSpec pod) {
    return Stream.concat(containers(pod.getContainers()), containers(pod.getInitContainers()))
        .anyMatch(c -> !sets(c, "cpu") || !sets(c, "memory"));
  }

  private static boolean sets(Container c, String resource) {
    return c.getResources() != null
        && Stream.of(c.getResources().getRequests(), c.getResources().getLimits())
            .anyMatch(m -> m != null && m.containsKey(resource));
  }

  private static Stream<Container> containers(List<Container> list) {
    return list == null ? Stream.empty() : list.stream();
  }

  /** Whether a default fills in CPU or memory: the pods are then not BestEffort. */
  boolean setsCpuOrMemory() {
    return Stream.of(requests, limits)
        .anyMatch(m -> m.containsKey("cpu") || m.containsKey("memory"));
  }

  /**
   * A container's requests as the API server stores them: the API server's defaulting (a resource
   * with a limit and no request is requested at its limit), then these defaults for what it still
   * lacks.
   */
  public Map<String, BigDecimal> requestsOf(Container c) {
    Map<String, BigDecimal> out = new HashMap<>();
    requests.forEach((r, q) -> out.put(r, PodResources.amount(q)));
    if (c.getResources() != null) {
      put(out, c.getResources().getLimits());
      put(out, c.getResources().getRequests());
    }
    return out;
  }

  /** A container's limits as the API server stores them: its own, else these defaults. */
  public Map<String, BigDecimal> limitsOf(Container c) {
    Map<String, BigDecimal> out = new HashMap<>();
    limits.forEach((r, q) -> out.put(r, PodResources.amount(q)));
    if (c.getResources() != null) {
      put(out, c.getResources().getLimits());
    }
    return out;
  }

  private static void put(Map<String, BigDecimal> into, Map<String, Quantity> set) {
    if (set != null) {
      set.forEach((r, q) -> into.put(r, PodResources.amount(q)));
    }
  }
}
