package io.specops.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.specops.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who else declares a workload's {@code spec.replicas}, and so puts them back on its next apply: a
 * GitOps controller or {@code kubectl apply --server-side} (a field manager whose Apply owns them),
 * or a client-side {@code kubectl apply} (its last-applied-configuration holds them). Kubernetes
 * asks the same of an HPA's workload: leave replicas out of the manifest.
 */
public final class ReplicaDeclarations {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private ReplicaDeclarations() {}

  /** What declares the replicas besides SpecOps, each said in a few words; empty when nothing. */
  public static List<String> others(HasMetadata w) {
    List<String> out = new ArrayList<>();
    List<ManagedFieldsEntry> managed = w.getMetadata().getManagedFields();
    for (ManagedFieldsEntry f : managed == null ? List.<ManagedFieldsEntry>of() : managed) {
      if ("Apply".equals(f.getOperation())
          && !Workloads.FIELD_MANAGER.equals(f.getManager())
          && ownsReplicas(f)) {
        out.add("field manager " + f.getManager() + " applies spec.replicas");
      }
    }
    Map<String, String> annotations = w.getMetadata().getAnnotations();
    String lastApplied = annotations == null ? null : annotations.get(LAST_APPLIED);
    if (lastApplied != null) {
      try {
        JsonNode replicas = Json.mapper().readTree(lastApplied).path("spec").path("replicas");
        if (!replicas.isMissingNode() && !replicas.isNull()) {
          out.add("kubectl apply's last-applied-configuration has replicas: " + replicas.asText());
        }
      } catch (IOException e) {
        // not JSON: kubectl would not read it either
      }
    }
    return out;
  }

  private static boolean ownsReplicas(ManagedFieldsEntry f) {
    if (f.getFieldsV1() == null) {
      return false;
    }
    Object spec = f.getFieldsV1().getAdditionalProperties().get("f:spec");
    return spec instanceof Map<?, ?> m && m.containsKey("f:replicas");
  }
}
