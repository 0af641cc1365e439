package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who else declares spec.replicas, read from managedFields and kubectl's annotation. */
class ReplicaDeclarationsTest {
  @Test
  void anApplyThatOwnsReplicasIsNamedAndOtherWritersAreNot() {
    Deployment d =
        deployment(
            null,
            entry("argocd-controller", "Apply", "f:replicas", "f:template"),
            entry("kubectl-create", "Update", "f:replicas"),
            entry("specops", "Apply", "f:replicas"),
            entry("flux", "Apply", "f:template"));
    assertThat(ReplicaDeclarations.others(d))
        .containsExactly("field manager argocd-controller applies spec.replicas");
  }

  @Test
  void kubectlsLastAppliedConfigurationIsReadForReplicas() {
    assertThat(ReplicaDeclarations.others(deployment("{\"spec\":{\"replicas\":4}}")))
        .containsExactly("kubectl apply's last-applied-configuration has replicas: 4");
    assertThat(ReplicaDeclarations.others(deployment("{\"spec\":{\"template\":{}}}"))).isEmpty();
    assertThat(ReplicaDeclarations.others(deployment("not json"))).isEmpty();
    assertThat(ReplicaDeclarations.others(deployment(null))).isEmpty();
  }

  private static Deployment deployment(String lastApplied, ManagedFieldsEntry... managed) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withAnnotations(
            lastApplied == null ? Map.of() : Map.of(ReplicaDeclarations.LAST_APPLIED, lastApplied))
        .withManagedFields(List.of(managed))
        .endMetadata()
        .build();
  }

  private static ManagedFieldsEntry entry(String manager, String operation, String... specFields) {
    FieldsV1 fields = new FieldsV1();
    Map<String, Object> spec = new java.util.HashMap<>();
    for (String f : specFields) {
      spec.put(f, Map.of());
    }
    fields.setAdditionalProperty("f:spec", spec);
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation(operation)
        .withFieldsType("FieldsV1")
        .withFieldsV1(fields)
        .build();
  }
}
