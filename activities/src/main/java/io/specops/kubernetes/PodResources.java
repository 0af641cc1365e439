package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.specops.metrics.PodRequest;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pod's requests (or limits) as Kubernetes counts them. The scheduler and the quota admission
 * (component-helpers' PodRequests and PodLimits) count the containers and the native sidecars (init
 * containers with restartPolicy Always, which run for the pod's whole life) summed, or the largest
 * init step if more (an init container plus the sidecars started before it), pod-level values where
 * the pod sets them, plus the runtime's overhead. The HPA's utilization divides the usage of what
 * runs (containers and sidecars) by their requests alone.
 */
public final class PodResources {
  private PodResources() {}

  /** What the scheduler reserves on a node and a quota counts for one pod: its requests. */
  public static Map<String, BigDecimal> requests(PodSpec pod) {
    return requests(pod, ContainerDefaults.NONE);
  }

  /** As above, for a pod that {@code defaults} will fill in when it is admitted (a template). */
  public static Map<String, BigDecimal> requests(PodSpec pod, ContainerDefaults defaults) {
    return effective(pod, true, defaults::requestsOf);
  }

  /** {@link #requests} in millicores and bytes. */
  public static PodRequest request(PodSpec pod) {
    return request(pod, ContainerDefaults.NONE);
  }

  /** {@link #requests(PodSpec, ContainerDefaults)} in millicores and bytes. */
  public static PodRequest request(PodSpec pod, ContainerDefaults defaults) {
    Map<String, BigDecimal> requests = requests(pod, defaults);
    return new PodRequest(
        requests
            .getOrDefault("cpu", BigDecimal.ZERO)
            .multiply(BigDecimal.valueOf(1000))
            .longValue(),
        requests.getOrDefault("memory", BigDecimal.ZERO).longValue());
  }

  /**
   * What one more of a workload's pods will request: the larger, per resource, of its template's
   * request and what each of its live pods requests. Admission changes a pod on its way in (a
   * LimitRange's default requests, a service mesh's injected proxy) and the template does not show
   * it; a live pod has been through it. During a rollout the larger of old and new is taken. With
   * no live pod the template is read with the namespace's LimitRange {@code defaults} filled in, as
   * the LimitRanger will fill them in ({@link ContainerDefaults#forTemplate}).
   */
  public static PodRequest requestOfNext(
      PodSpec template, List<Pod> live, ContainerDefaults defaults) {
    PodRequest next = request(template, defaults);
    long cpu = next.cpuMillis();
    long memory = next.memoryBytes();
    for (Pod pod : live) {
      if (pod.getSpec() != null) {
        PodRequest admitted = request(pod.getSpec());
        cpu = Math.max(cpu, admitted.cpuMillis());
        memory = Math.max(memory, admitted.memoryBytes());
      }
    }
    return new PodRequest(cpu, memory);
  }

  /**
   * Whether any of these pods has been admitted and stored: its spec shows what admission added.
   */
  public static boolean anyAdmitted(List<Pod> live) {
    return live.stream().anyMatch(p -> p.getSpec() != null);
  }

  /**
   * The pod's requests ({@code requests}) or limits, each container's taken from {@code
   * perContainer} (which may fill in defaults, as the API server and the LimitRanger do).
   */
  public static Map<String, BigDecimal> effective(
      PodSpec pod, boolean requests, Function<Container, Map<String, BigDecimal>> perContainer) {
    Map<String, BigDecimal> total = new HashMap<>();
    for (Container c : list(pod.getContainers())) {
      add(total, perContainer.apply(c));
    }
    Map<String, BigDecimal> sidecars = new HashMap<>();
    Map<String, BigDecimal> initStep = new HashMap<>();
    for (Container c : list(pod.getInitContainers())) {
      Map<String, BigDecimal> own = perContainer.apply(c);
      Map<String, BigDecimal> step = new HashMap<>(sidecars);
      if (sidecar(c)) {
        add(total, own);
        add(sidecars, own);
        step = sidecars;
      } else {
        add(step, own);
      }
      step.forEach((r, a) -> initStep.merge(r, a, BigDecimal::max));
    }
    initStep.forEach((r, a) -> total.merge(r, a, BigDecimal::max));
    podLevel(pod, requests).forEach(total::put);
    if (pod.getOverhead() != null) {
      for (Map.Entry<String, Quantity> o : pod.getOverhead().entrySet()) {
        BigDecimal has = total.get(o.getKey());
        // limits get the overhead only where they are set (no limit stays no limit)
        if (requests || (has != null && has.signum() != 0)) {
          total.merge(o.getKey(), amount(o.getValue()), BigDecimal::add);
        }
      }
    }
    return total;
  }

  /**
   * The requests a pod's utilization is measured against, as the HPA measures it: the pod-level
   * requests where the pod sets them, else its containers' and native sidecars' (not the other init
   * containers': they have finished).
   */
  public static Map<String, BigDecimal> serving(PodSpec pod) {
    return serving(pod, ContainerDefaults.NONE);
  }

  /** As above, for a pod that {@code defaults} will fill in when it is admitted (a template). */
  public static Map<String, BigDecimal> serving(PodSpec pod, ContainerDefaults defaults) {
    Map<String, BigDecimal> podLevel = podLevel(pod, true);
    if (!podLevel.isEmpty()) {
      return podLevel;
    }
    Map<String, BigDecimal> total = new HashMap<>();
    for (Container c : list(pod.getContainers())) {
      add(total, defaults.requestsOf(c));
    }
    for (Container c : list(pod.getInitContainers())) {
      if (sidecar(c)) {
        add(total, defaults.requestsOf(c));
      }
    }
    return total;
  }

  /**
   * The limits of what runs (the pod-level limits where the pod sets them, else its containers' and
   * native sidecars' summed, each filled in by {@code defaults}), for the resources every one of
   * them limits: one without a limit leaves the pod without one.
   */
  public static Map<String, BigDecimal> servingLimits(PodSpec pod, ContainerDefaults defaults) {
    Map<String, BigDecimal> podLevel = podLevel(pod, false);
    if (!podLevel.isEmpty()) {
      return podLevel;
    }
    List<Container> running = new java.util.ArrayList<>(list(pod.getContainers()));
    list(pod.getInitContainers()).stream().filter(PodResources::sidecar).forEach(running::add);
    Map<String, BigDecimal> total = new HashMap<>();
    for (String resource : List.of("cpu", "memory")) {
      BigDecimal sum = BigDecimal.ZERO;
      for (Container c : running) {
        BigDecimal limit = defaults.limitsOf(c).get(resource);
        if (limit == null) {
          sum = null;
          break;
        }
        sum = sum.add(limit);
      }
      if (sum != null && !running.isEmpty()) {
        total.put(resource, sum);
      }
    }
    return total;
  }

  /** A native sidecar: an init container that keeps running beside the pod's containers. */
  public static boolean sidecar(Container c) {
    return "Always".equals(c.getRestartPolicy());
  }

  /** The pod-level requests (or limits) of the resources Kubernetes takes at pod level. */
  private static Map<String, BigDecimal> podLevel(PodSpec pod, boolean requests) {
    Map<String, BigDecimal> out = new HashMap<>();
    if (pod.getResources() == null) {
      return out;
    }
    Map<String, Quantity> set =
        requests ? pod.getResources().getRequests() : pod.getResources().getLimits();
    if (set != null) {
      set.forEach(
          (r, q) -> {
            if (r.equals("cpu") || r.equals("memory") || r.startsWith("hugepages-")) {
              out.put(r, amount(q));
            }
          });
    }
    return out;
  }

  private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> amounts) {
    amounts.forEach((r, a) -> into.merge(r, a, BigDecimal::add));
  }

  /** A quantity as a number of its unit (cores, bytes); 0 when absent. */
  public static BigDecimal amount(Quantity q) {
    return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
  }

  private static <T> List<T> list(List<T> items) {
    return items == null ? List.of() : items;
  }
}
