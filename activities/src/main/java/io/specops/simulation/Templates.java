package io.specops.simulation;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Desired state from YAML templates (as java-operator-sdk's dependent resources do): a scenario's
 * services become Deployments the same way on the simulated cluster and on a real one.
 */
public final class Templates {
  private Templates() {}

  /** The Deployment of one scenario service, from templates/deployment.yaml. */
  public static Deployment deployment(Scenario.Service s, String namespace) {
    String cpuRequest = s.cpuRequest() == null ? "100m" : s.cpuRequest();
    return Serialization.unmarshal(
        fill(
            "templates/deployment.yaml",
            Map.of(
                "name",
                s.name(),
                "namespace",
                namespace,
                "replicas",
                Integer.toString(s.replicas() == null ? 1 : s.replicas()),
                "cpu_request",
                cpuRequest,
                "memory_request",
                s.memoryRequest() == null ? "128Mi" : s.memoryRequest(),
                "cpu_limit",
                s.cpuLimit() == null ? cpuRequest : s.cpuLimit())),
        Deployment.class);
  }

  static String fill(String resource, Map<String, String> values) {
    String text;
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no template " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> v : values.entrySet()) {
      text = text.replace("${" + v.getKey() + "}", v.getValue());
    }
    return text;
  }
}
