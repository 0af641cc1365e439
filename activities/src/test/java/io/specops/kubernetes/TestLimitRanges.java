package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;

/** LimitRanges for tests. */
public final class TestLimitRanges {
  private TestLimitRanges() {}

  /**
   * A LimitRange named "defaults" that gives containers these default requests (resource to
   * quantity, as Kubernetes writes them) where they set none.
   */
  public static LimitRange defaultRequests(Map<String, String> requests) {
    Map<String, Quantity> quantities = new TreeMap<>();
    requests.forEach((resource, amount) -> quantities.put(resource, new Quantity(amount)));
    return new LimitRangeBuilder()
        .withNewMetadata()
        .withName("defaults")
        .endMetadata()
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefaultRequest(quantities)
        .endLimit()
        .endSpec()
        .build();
  }
}
