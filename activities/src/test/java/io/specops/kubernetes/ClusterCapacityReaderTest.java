package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.specops.coordination.ClusterCapacity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The capacity ledger reads what the scheduler can still place: a cordoned node (a drain in
 * progress) or one that is not Ready takes no new pod, so neither its allocatable nor its pods'
 * requests count; a pod not yet bound to a node will take capacity from the others.
 */
class ClusterCapacityReaderTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void start() {
    server = CrudKubernetesServer.start();
    client = server.createClient();
    // two 4-core nodes, a 1-core pod on each, a 500m pod waiting for a node, a finished job
    node(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata(), "True");
    node(new NodeBuilder().withNewMetadata().withName("node-b").endMetadata(), "True");
    pod("web-1", "node-a", "1", "Running");
    pod("web-2", "node-b", "1", "Running");
    pod("web-3", null, "500m", "Pending");
    pod("job-1", "node-a", "2", "Succeeded");
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void everyReadyNodeCountsAndEveryUnfinishedPodsRequests() {
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    assertThat(c.cpuAllocatableMillis()).isEqualTo(8000);
    assertThat(c.cpuRequestedMillis()).isEqualTo(2500);
    assertThat(c.source()).isEqualTo("kubernetes nodes and pod requests");
  }

  @Test
  void aCordonedNodeAndItsPodsAreLeftOut() {
    client.nodes().withName("node-b").edit(n -> cordoned(n));
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    // before: 8000m allocatable, 2500m requested, so 5500m free where the scheduler has 3000m
    assertThat(c.cpuAllocatableMillis()).isEqualTo(4000);
    assertThat(c.cpuRequestedMillis()).isEqualTo(1500);
    assertThat(c.cpuFreeMillis()).isEqualTo(2500);
    assertThat(c.source()).endsWith("(left out: node-b cordoned)");
  }

  @Test
  void aNodeThatIsNotReadyIsLeftOut() {
    node(new NodeBuilder().withNewMetadata().withName("node-c").endMetadata(), "Unknown");
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    assertThat(c.cpuAllocatableMillis()).isEqualTo(8000);
    assertThat(c.source()).endsWith("(left out: node-c not Ready)");
  }

  /**
   * A control-plane node (kubeadm's taint) takes no workload pods: its allocatable is not the
   * fleet's. Another NoSchedule taint (a dedicated pool) depends on the pods and is counted.
   */
  @Test
  void aControlPlaneNodeIsLeftOutAndOtherTaintsAreNot() {
    node(
        new NodeBuilder()
            .withNewMetadata()
            .withName("cp-1")
            .endMetadata()
            .withNewSpec()
            .addNewTaint()
            .withKey("node-role.kubernetes.io/control-plane")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec(),
        "True");
    node(
        new NodeBuilder()
            .withNewMetadata()
            .withName("gpu-1")
            .endMetadata()
            .withNewSpec()
            .addNewTaint()
            .withKey("nvidia.com/gpu")
            .withValue("present")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec(),
        "True");
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    // before: 16000m, the control plane's 4000m counted as room for workload pods
    assertThat(c.cpuAllocatableMillis()).isEqualTo(12000);
    assertThat(c.source())
        .endsWith(
            "(left out: cp-1 control plane (node-role.kubernetes.io/control-plane:NoSchedule))");
  }

  private static Node cordoned(Node n) {
    return new NodeBuilder(n).editOrNewSpec().withUnschedulable(true).endSpec().build();
  }

  private void node(NodeBuilder node, String ready) {
    client
        .nodes()
        .resource(
            node.withNewStatus()
                .addToAllocatable("cpu", new Quantity("4"))
                .addToAllocatable("memory", new Quantity("16Gi"))
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready)
                .endCondition()
                .endStatus()
                .build())
        .create();
  }

  private void pod(String name, String nodeName, String cpu, String phase) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withNodeName(nodeName)
            .addNewContainer()
            .withName("app")
            .withNewResources()
            .addToRequests("cpu", new Quantity(cpu))
            .addToRequests("memory", new Quantity("1Gi"))
            .endResources()
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .endStatus()
            .build();
    client.pods().inNamespace("shop").resource(pod).create();
  }
}
