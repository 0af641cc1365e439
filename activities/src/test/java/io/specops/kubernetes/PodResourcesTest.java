package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pod's requests as the scheduler and the quota admission count them (the sidecar KEP's formula,
 * component-helpers' PodRequests) and as the HPA measures utilization against them.
 */
class PodResourcesTest {

  @Test
  void containersAreSummed() {
    PodSpec pod =
        new PodSpecBuilder().addToContainers(cpu("app", "300m"), cpu("log", "50m")).build();
    assertThat(millicores(PodResources.requests(pod))).isEqualTo(350);
    assertThat(millicores(PodResources.serving(pod))).isEqualTo(350);
  }

  /** A native sidecar runs for the pod's whole life: its requests add to the containers'. */
  @Test
  void aNativeSidecarAddsToTheContainers() {
    PodSpec pod =
        new PodSpecBuilder()
            .addToInitContainers(sidecar("proxy", "100m"))
            .addToContainers(cpu("app", "500m"))
            .build();
    assertThat(millicores(PodResources.requests(pod))).isEqualTo(600);
    assertThat(millicores(PodResources.serving(pod))).isEqualTo(600);
  }

  /**
   * An init container larger than what runs after it sets the pod's requests, with the sidecars
   * started before it (they run beside it): max(100 + 50 + 100, 100 + 400) = 500m. It has finished
   * by the time the pod serves, so the utilization leaves it out.
   */
  @Test
  void anInitStepCountsWithTheSidecarsStartedBeforeIt() {
    PodSpec pod =
        new PodSpecBuilder()
            .addToInitContainers(sidecar("proxy", "100m"), cpu("migrate", "400m"))
            .addToInitContainers(sidecar("metrics", "50m"))
            .addToContainers(cpu("app", "100m"))
            .build();
    assertThat(millicores(PodResources.requests(pod))).isEqualTo(500);
    assertThat(millicores(PodResources.serving(pod))).isEqualTo(250);
    // the same init container after both sidecars: 100 + 50 + 400
    PodSpec later =
        new PodSpecBuilder()
            .addToInitContainers(sidecar("proxy", "100m"), sidecar("metrics", "50m"))
            .addToInitContainers(cpu("migrate", "400m"))
            .addToContainers(cpu("app", "100m"))
            .build();
    assertThat(millicores(PodResources.requests(later))).isEqualTo(550);
  }

  /** A plain init container smaller than the containers changes nothing. */
  @Test
  void aSmallInitContainerChangesNothing() {
    PodSpec pod =
        new PodSpecBuilder()
            .addToInitContainers(cpu("wait", "10m"))
            .addToContainers(cpu("app", "250m"))
            .build();
    assertThat(millicores(PodResources.requests(pod))).isEqualTo(250);
  }

  /** The runtime's overhead adds to the requests, and to a limit only where one is set. */
  @Test
  void overheadAddsToRequestsAndToSetLimits() {
    PodSpec pod =
        new PodSpecBuilder()
            .addToContainers(
                new ContainerBuilder()
                    .withName("app")
                    .withResources(
                        new ResourceRequirementsBuilder()
                            .addToRequests("cpu", new Quantity("200m"))
                            .addToRequests("memory", new Quantity("64Mi"))
                            .addToLimits("memory", new Quantity("128Mi"))
                            .build())
                    .build())
            .withOverhead(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("16Mi")))
            .build();
    assertThat(millicores(PodResources.requests(pod))).isEqualTo(250);
    Map<String, BigDecimal> limits = PodResources.effective(pod, false, PodResourcesTest::limits);
    assertThat(limits).doesNotContainKey("cpu");
    assertThat(limits.get("memory").longValue()).isEqualTo(144L * 1024 * 1024);
    // the HPA measures usage against the containers' requests, without overhead
    assertThat(millicores(PodResources.serving(pod))).isEqualTo(200);
  }

  /** Pod-level requests (PodLevelResources), where set, are the pod's, for cpu and memory. */
  @Test
  void podLevelRequestsAreThePods() {
    PodSpec pod =
        new PodSpecBuilder()
            .addToContainers(cpu("app", "100m"), cpu("log", "100m"))
            .withResources(
                new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("1"))
                    .addToRequests("nvidia.com/gpu", new Quantity("1"))
                    .build())
            .build();
    assertThat(millicores(PodResources.requests(pod))).isEqualTo(1000);
    assertThat(millicores(PodResources.serving(pod))).isEqualTo(1000);
    assertThat(PodResources.requests(pod)).doesNotContainKey("nvidia.com/gpu");
  }

  /**
   * A template whose container sets only a limit (a Guaranteed pod written short): the API server
   * requests it at the limit when it stores the pod, so the pods the controller has yet to create
   * take that room. A request, where given, stays.
   */
  @Test
  void aLimitWithoutARequestIsRequestedAtTheLimit() {
    Container limitedOnly =
        new ContainerBuilder()
            .withName("app")
            .withResources(
                new ResourceRequirementsBuilder()
                    .addToLimits("cpu", new Quantity("500m"))
                    .addToLimits("memory", new Quantity("256Mi"))
                    .addToRequests("memory", new Quantity("128Mi"))
                    .build())
            .build();
    PodSpec pod = new PodSpecBuilder().addToContainers(limitedOnly).build();
    assertThat(millicores(PodResources.requests(pod))).isEqualTo(500);
    assertThat(millicores(PodResources.serving(pod))).isEqualTo(500);
    assertThat(PodResources.request(pod).memoryBytes()).isEqualTo(128L << 20);
  }

  /**
   * Admission changed the live pods (a mesh injected a 100m proxy): one more pod will request what
   * they do, not the template's 300m. A live pod of an older, smaller template lowers nothing.
   * Before, the next pod was the template's 300m.
   */
  @Test
  void theNextPodRequestsWhatItsAdmittedSiblingsDoWhereThatIsMore() {
    PodSpec template = new PodSpecBuilder().addToContainers(cpu("app", "300m")).build();
    Pod injected =
        new PodBuilder()
            .withSpec(
                new PodSpecBuilder()
                    .addToContainers(cpu("app", "300m"), cpu("istio-proxy", "100m"))
                    .build())
            .build();
    Pod older =
        new PodBuilder()
            .withSpec(new PodSpecBuilder().addToContainers(cpu("app", "200m")).build())
            .build();
    assertThat(
            PodResources.requestOfNext(template, List.of(injected, older), ContainerDefaults.NONE)
                .cpuMillis())
        .isEqualTo(400);
    assertThat(
            PodResources.requestOfNext(template, List.of(older), ContainerDefaults.NONE)
                .cpuMillis())
        .isEqualTo(300);
    assertThat(PodResources.requestOfNext(template, List.of(), ContainerDefaults.NONE).cpuMillis())
        .isEqualTo(300);
  }

  private static Container cpu(String name, String amount) {
    return new ContainerBuilder()
        .withName(name)
        .withResources(
            new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity(amount)).build())
        .build();
  }

  private static Container sidecar(String name, String amount) {
    Container c = cpu(name, amount);
    c.setRestartPolicy("Always");
    return c;
  }

  private static Map<String, BigDecimal> limits(Container c) {
    Map<String, BigDecimal> out = new java.util.HashMap<>();
    if (c.getResources() != null && c.getResources().getLimits() != null) {
      c.getResources().getLimits().forEach((r, q) -> out.put(r, Quantity.getAmountInBytes(q)));
    }
    return out;
  }

  private static long millicores(Map<String, BigDecimal> resources) {
    return resources
        .getOrDefault("cpu", BigDecimal.ZERO)
        .multiply(BigDecimal.valueOf(1000))
        .longValue();
  }
}
