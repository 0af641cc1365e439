package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirementBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quota admission's arithmetic, on quotas and pod templates with known answers. */
class QuotaRoomTest {

  @Test
  void aPodCountQuotaAdmitsWhatIsLeft() {
    QuotaCeiling c =
        QuotaRoom.ceiling(
            List.of(quota("six-pods", Map.of("pods", "6"), Map.of("pods", "4"))), pod("250m"), 3);
    // 4 pods used (3 of this workload, 1 of another), 2 more fit: 3 + 2
    assertThat(c).isEqualTo(new QuotaCeiling(5, "six-pods", "pods", "4", "6"));
    assertThat(c.describe())
        .isEqualTo("the namespace's ResourceQuota six-pods (pods: 4 used of 6)");
  }

  @Test
  void theTightestResourceOfTheTightestQuotaWins() {
    ResourceQuota pods = quota("pods", Map.of("pods", "100"), Map.of("pods", "2"));
    ResourceQuota cpu =
        quota(
            "team-cpu",
            Map.of("requests.cpu", "2", "requests.memory", "64Gi"),
            Map.of("requests.cpu", "500m", "requests.memory", "1Gi"));
    // 1500m left at 250m a pod: 6 more; memory has room for far more
    assertThat(QuotaRoom.ceiling(List.of(pods, cpu), pod("250m"), 2))
        .isEqualTo(new QuotaCeiling(8, "team-cpu", "requests.cpu", "500m", "2"));
  }

  /**
   * What the coordinator pools: each new pod's take from every quota that counts it, by quota and
   * resource (a resource the pod does not ask for, and a scope that leaves it out, take nothing),
   * and each quota's room left in the same names.
   */
  @Test
  void aPodsShareOfEachQuotaAndTheRoomLeftAreInTheSameNames() {
    ResourceQuota pods = quota("pods", Map.of("pods", "100"), Map.of("pods", "2"));
    ResourceQuota cpu =
        quota(
            "team-cpu",
            Map.of("requests.cpu", "2", "requests.nvidia.com/gpu", "4"),
            Map.of("requests.cpu", "500m"));
    ResourceQuota terminating =
        scoped(quota("jobs", Map.of("pods", "3"), Map.of("pods", "0")), "Terminating");
    List<ResourceQuota> quotas = List.of(pods, cpu, terminating);
    assertThat(QuotaRoom.share("shop", quotas, pod("250m"), List.of()))
        .isEqualTo(new QuotaShare("shop", Map.of("pods/pods", 1.0, "team-cpu/requests.cpu", 0.25)));
    assertThat(QuotaRoom.left("shop", quotas))
        .containsEntry("quota:shop/pods/pods", 98.0)
        .containsEntry("quota:shop/team-cpu/requests.cpu", 1.5)
        .containsEntry("quota:shop/team-cpu/requests.nvidia.com/gpu", 4.0)
        .containsEntry("quota:shop/jobs/pods", 3.0);
    assertThat(QuotaRoom.share("shop", List.of(terminating), pod("250m"), List.of())).isNull();
  }

  @Test
  void aFullQuotaLeavesTheCeilingAtThePodsThereAreAndAnOverfullOneNeverBelow() {
    assertThat(
            QuotaRoom.ceiling(
                    List.of(quota("full", Map.of("cpu", "1"), Map.of("cpu", "1200m"))),
                    pod("250m"),
                    4)
                .replicas())
        .isEqualTo(4);
  }

  @Test
  void aMissingRequestDefaultsToItsLimitAndInitContainersCountByTheLargest() {
    PodSpec spec =
        new PodSpecBuilder()
            .addToContainers(
                new ContainerBuilder()
                    .withName("app")
                    .withNewResources()
                    .addToLimits("cpu", new Quantity("300m"))
                    .endResources()
                    .build(),
                new ContainerBuilder()
                    .withName("sidecar")
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("100m"))
                    .addToLimits("cpu", new Quantity("200m"))
                    .endResources()
                    .build())
            .addToInitContainers(
                new ContainerBuilder()
                    .withName("migrate")
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("1"))
                    .endResources()
                    .build())
            .build();
    var usage = QuotaRoom.usage(spec);
    // containers: 300m (defaulted from the limit) + 100m; the init container's 1 is larger
    assertThat(usage.get("requests.cpu")).isEqualByComparingTo("1");
    assertThat(usage.get("cpu")).isEqualByComparingTo("1");
    assertThat(usage.get("limits.cpu")).isEqualByComparingTo("0.5");
    assertThat(usage.get("pods")).isEqualByComparingTo("1");
  }

  /**
   * A native sidecar (an init container with restartPolicy Always) runs for the pod's life: the
   * quota counts it with the containers, and an init container after it with it: max(100 + 50, 50 +
   * 400) = 450m a pod. 900m of 1 300m used by two pods: no third fits (the API server refuses it at
   * 1 350m). Before, a pod counted 400m (the largest init container) and the ceiling said 3.
   */
  @Test
  void aNativeSidecarCountsWithTheContainersAndTheInitContainersAfterIt() {
    PodSpec spec = pod("100m");
    spec.setInitContainers(
        List.of(
            new ContainerBuilder()
                .withName("proxy")
                .withRestartPolicy("Always")
                .withNewResources()
                .addToRequests("cpu", new Quantity("50m"))
                .endResources()
                .build(),
            new ContainerBuilder()
                .withName("migrate")
                .withNewResources()
                .addToRequests("cpu", new Quantity("400m"))
                .endResources()
                .build()));
    assertThat(QuotaRoom.usage(spec).get("requests.cpu")).isEqualByComparingTo("0.45");
    assertThat(
            QuotaRoom.ceiling(
                List.of(
                    quota(
                        "team-cpu",
                        Map.of("requests.cpu", "1300m"),
                        Map.of("requests.cpu", "900m"))),
                spec,
                2))
        .isEqualTo(new QuotaCeiling(2, "team-cpu", "requests.cpu", "900m", "1300m"));
  }

  /**
   * A container that asks for nothing gets the namespace's LimitRange defaults before the quota
   * counts it (the LimitRanger admission); one with its own request or limit keeps it.
   */
  @Test
  void aLimitRangesContainerDefaultsCountForContainersThatAskForNothing() {
    LimitRange defaults =
        new LimitRangeBuilder()
            .withNewMetadata()
            .withName("defaults")
            .endMetadata()
            .withNewSpec()
            .addNewLimit()
            .withType("Container")
            .addToDefaultRequest("cpu", new Quantity("200m"))
            .addToDefault("cpu", new Quantity("400m"))
            .endLimit()
            .addNewLimit()
            .withType("Pod")
            .addToMax("cpu", new Quantity("8"))
            .endLimit()
            .endSpec()
            .build();
    PodSpec bare =
        new PodSpecBuilder()
            .addToContainers(
                new ContainerBuilder().withName("app").build(),
                new ContainerBuilder()
                    .withName("sidecar")
                    .withNewResources()
                    .addToLimits("cpu", new Quantity("100m"))
                    .endResources()
                    .build())
            .build();
    var usage = QuotaRoom.usage(bare, ContainerDefaults.of(List.of(defaults)));
    // app: 200m from the LimitRange; sidecar: its own limit, 100m, as its request
    assertThat(usage.get("requests.cpu")).isEqualByComparingTo("0.3");
    assertThat(usage.get("limits.cpu")).isEqualByComparingTo("0.5");
    ResourceQuota cpu =
        quota("team-cpu", Map.of("requests.cpu", "2"), Map.of("requests.cpu", "900m"));
    assertThat(QuotaRoom.ceiling(List.of(cpu), bare, 3).replicas())
        .as("without the defaults: the sidecar's 100m alone, 11 more")
        .isEqualTo(14);
    // 1100m left at 300m a pod: 3 more
    assertThat(QuotaRoom.ceiling(List.of(cpu), bare, 3, List.of(defaults)).replicas()).isEqualTo(6);
    // defaults of CPU make the pods Burstable: a BestEffort quota no longer takes them in
    ResourceQuota bestEffort =
        scoped(quota("be", Map.of("pods", "3"), Map.of("pods", "3")), "BestEffort");
    PodSpec none = new PodSpecBuilder().addNewContainer().withName("x").endContainer().build();
    assertThat(QuotaRoom.ceiling(List.of(bestEffort), none, 3)).isNotNull();
    assertThat(QuotaRoom.ceiling(List.of(bestEffort), none, 3, List.of(defaults))).isNull();
  }

  @Test
  void aResourceThePodsDoNotAskForLimitsNothing() {
    // the pods ask for no memory: a memory quota is the API server's business (it refuses such
    // pods outright unless a LimitRange sets defaults), not a ceiling on their number
    assertThat(
            QuotaRoom.ceiling(
                List.of(
                    quota(
                        "mem",
                        Map.of("requests.memory", "1Gi", "services", "2"),
                        Map.of("requests.memory", "1Gi", "services", "2"))),
                new PodSpecBuilder()
                    .addToContainers(
                        new ContainerBuilder()
                            .withName("app")
                            .withNewResources()
                            .addToRequests("cpu", new Quantity("100m"))
                            .endResources()
                            .build())
                    .build(),
                2))
        .isNull();
  }

  @Test
  void scopesTakeInOnlyThePodsTheyName() {
    ResourceQuota bestEffort =
        scoped(quota("be", Map.of("pods", "1"), Map.of("pods", "1")), "BestEffort");
    ResourceQuota terminating =
        scoped(quota("jobs", Map.of("pods", "1"), Map.of("pods", "1")), "Terminating");
    ResourceQuota notTerminating =
        scoped(quota("long-running", Map.of("pods", "5"), Map.of("pods", "3")), "NotTerminating");
    assertThat(QuotaRoom.ceiling(List.of(bestEffort, terminating), pod("100m"), 3)).isNull();
    assertThat(QuotaRoom.ceiling(List.of(bestEffort, notTerminating), pod("100m"), 3).quota())
        .isEqualTo("long-running");
    assertThat(
            QuotaRoom.ceiling(
                    List.of(bestEffort),
                    new PodSpecBuilder().addNewContainer().withName("x").endContainer().build(),
                    1)
                .quota())
        .isEqualTo("be");
  }

  @Test
  void aPriorityClassSelectorAndAnUnknownScope() {
    ResourceQuota high = quota("high", Map.of("pods", "4"), Map.of("pods", "3"));
    high.getSpec()
        .setScopeSelector(
            new io.fabric8.kubernetes.api.model.ScopeSelectorBuilder()
                .addToMatchExpressions(
                    new ScopedResourceSelectorRequirementBuilder()
                        .withScopeName("PriorityClass")
                        .withOperator("In")
                        .withValues("high")
                        .build())
                .build());
    PodSpec plain = pod("100m");
    PodSpec important = pod("100m");
    important.setPriorityClassName("high");
    assertThat(QuotaRoom.ceiling(List.of(high), plain, 3)).isNull();
    assertThat(QuotaRoom.ceiling(List.of(high), important, 3).replicas()).isEqualTo(4);
    // a scope a later Kubernetes adds: left out, so the ceiling is never lower than the server's
    ResourceQuota future = scoped(quota("future", Map.of("pods", "1"), Map.of("pods", "1")), "Gpu");
    assertThat(QuotaRoom.ceiling(List.of(future), important, 3)).isNull();
  }

  @Test
  void aQuotaTheControllerHasNotCountedYetIsLeftOut() {
    ResourceQuota fresh =
        new ResourceQuotaBuilder()
            .withNewMetadata()
            .withName("fresh")
            .endMetadata()
            .withNewSpec()
            .addToHard("pods", new Quantity("1"))
            .endSpec()
            .build();
    assertThat(QuotaRoom.ceiling(List.of(fresh), pod("100m"), 3)).isNull();
  }

  private static PodSpec pod(String cpu) {
    return new PodSpecBuilder()
        .addToContainers(
            new ContainerBuilder()
                .withName("app")
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity(cpu))
                .endResources()
                .build())
        .build();
  }

  private static ResourceQuota quota(
      String name, Map<String, String> hard, Map<String, String> used) {
    return new ResourceQuotaBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withHard(quantities(hard))
        .endSpec()
        .withNewStatus()
        .withHard(quantities(hard))
        .withUsed(quantities(used))
        .endStatus()
        .build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> amounts) {
    Map<String, Quantity> out = new java.util.HashMap<>();
    amounts.forEach((k, v) -> out.put(k, new Quantity(v)));
    return out;
  }

  private static ResourceQuota scoped(ResourceQuota q, String scope) {
    q.getSpec().setScopes(List.of(scope));
    return q;
  }
}
