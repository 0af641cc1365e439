package io.specops.kubernetes;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.specops.coordination.ClusterCapacity;
import java.net.URLEncoder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The capacity ledger reads what the scheduler can still place: a cordoned node (a drain in
 * progress) or one that is not Ready takes no new pod, so neither its allocatable nor its pods'
 * requests count; a pod not yet bound to a node will take capacity from the others, and so will one
 * a workload asks for that its controller has not created yet.
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
    for (Pod p :
        List.of(
            pod("web-1", "node-a", "1", "Running", "web"),
            pod("web-2", "node-b", "1", "Running", "web"),
            pod("web-3", null, "500m", "Pending", "web"),
            pod("job-1", "node-a", "2", "Succeeded", "job"))) {
      client.pods().inNamespace("shop").resource(p).create();
    }
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

  /**
   * Right after a scale-up's write the Deployment asks for pods its controller has not created yet;
   * the coordinator no longer holds the grant, so the ledger counts them. Before, a read in that
   * gap saw room that the new pods were about to take.
   */
  @Test
  void aWorkloadsPodsNotCreatedYetAreCounted() {
    deployment("web", 5, "1");
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    // 2500m of existing pods (web's three), and the two of 1 core its ReplicaSet has yet to create
    assertThat(c.cpuRequestedMillis()).isEqualTo(4500);
    assertThat(c.memoryRequestedBytes()).isEqualTo((3 + 2) * GIB);
  }

  /**
   * Admission made the live pods request more than the template shows (web-1 and web-2 request 1
   * core where the template asks 500m: a LimitRange default, an injected sidecar); the pods not
   * created yet will be admitted the same way. Before, they were counted at the template's 500m (3
   * 500m).
   */
  @Test
  void aWorkloadsPodsNotCreatedYetAreCountedAtWhatItsLivePodsRequest() {
    deployment("web", 5, "500m");
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    assertThat(c.cpuRequestedMillis()).isEqualTo(2500 + 2 * 1000);
  }

  /**
   * A template that sets only limits: the API server will request each pod at its limits, so the
   * pods not created yet take that room. Before, they were counted at nothing.
   */
  @Test
  void aTemplateWithOnlyLimitsHasItsPodsNotCreatedYetCountedAtTheLimits() {
    deployment("web", 5, "1");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .edit(
            d -> {
              var resources =
                  d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
              resources.setLimits(resources.getRequests());
              resources.setRequests(null);
              return d;
            });
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    assertThat(c.cpuRequestedMillis()).isEqualTo(4500);
    assertThat(c.memoryRequestedBytes()).isEqualTo((3 + 2) * GIB);
  }

  /**
   * A Deployment just scaled from zero whose template asks for nothing, in a namespace whose
   * LimitRange defaults containers to 200m and 512Mi: the three pods its ReplicaSet has yet to
   * create will be admitted at those. Before, with no live pod to read them off, they were counted
   * at the template's nothing; another scale-up could be granted that room in the moment before
   * they exist.
   */
  @Test
  void aTemplateThatAsksForNothingHasItsPodsNotCreatedYetCountedAtTheLimitRangeDefaults() {
    client
        .limitRanges()
        .inNamespace("shop")
        .resource(TestLimitRanges.defaultRequests(Map.of("cpu", "200m", "memory", "512Mi")))
        .create();
    deployment("api", 3, "1");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("api")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(null);
              return d;
            });
    ClusterCapacity c = new ClusterCapacityReader(client).read();
    assertThat(c.cpuRequestedMillis()).isEqualTo(2500 + 3 * 200);
    assertThat(c.memoryRequestedBytes()).isEqualTo(3 * GIB + 3 * (512L << 20));

    // LimitRanges the API will not give (a failing server, not only a Role without them): the
    // ledger is still read, the template alone counting, as before they were read
    KubernetesMockServer api = servingTheWorkloads();
    api.expect()
        .get()
        .withPath("/api/v1/namespaces/shop/limitranges")
        .andReturn(400, "etcdserver: request timed out")
        .always();
    try (KubernetesClient failing = api.createClient()) {
      assertThat(new ClusterCapacityReader(failing).read().cpuRequestedMillis()).isEqualTo(2500);
    } finally {
      api.destroy();
    }
  }

  /**
   * A Deployment whose controller reports its creates refused (a full ResourceQuota: ReplicaFailure
   * True) will not get the pods it lacks until that changes: they hold no room. Before, the ledger
   * counted them for as long as the quota stayed full, and other services were deferred for room
   * the scheduler had.
   */
  @Test
  void aDeploymentWhosePodsAreRefusedHoldsNoRoomForThem() {
    deployment("web", 5, "1");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .editStatus(
            d ->
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d)
                    .withNewStatus()
                    .addNewCondition()
                    .withType("ReplicaFailure")
                    .withStatus("True")
                    .withReason("FailedCreate")
                    .withMessage("pods \"web-x\" is forbidden: exceeded quota: team-cpu")
                    .endCondition()
                    .endStatus()
                    .build());
    // web's three pods (2500m with the others), not the two its ReplicaSet cannot create
    assertThat(new ClusterCapacityReader(client).read().cpuRequestedMillis()).isEqualTo(2500);
  }

  /**
   * A pod counts as the scheduler reserves it: a mesh proxy as a native sidecar (100m) runs beside
   * the app (200m), and a migration init container (500m) ran beside the proxy: max(200 + 100, 100
   * + 500) = 600m, plus the runtime's 50m overhead. Before, only the app's 200m counted, and a
   * scale-up could be granted room the scheduler did not have.
   */
  @Test
  void aPodCountsItsSidecarsInitContainersAndOverheadAsTheSchedulerDoes() {
    Pod mesh = pod("mesh-1", "node-a", "200m", "Running", "mesh");
    var proxy =
        new io.fabric8.kubernetes.api.model.ContainerBuilder()
            .withName("proxy")
            .withRestartPolicy("Always")
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .endResources()
            .build();
    var migrate =
        new io.fabric8.kubernetes.api.model.ContainerBuilder()
            .withName("migrate")
            .withNewResources()
            .addToRequests("cpu", new Quantity("500m"))
            .endResources()
            .build();
    mesh.getSpec().setInitContainers(List.of(proxy, migrate));
    mesh.getSpec().setOverhead(java.util.Map.of("cpu", new Quantity("50m")));
    client.pods().inNamespace("shop").resource(mesh).create();
    assertThat(new ClusterCapacityReader(client).read().cpuRequestedMillis()).isEqualTo(2500 + 650);
  }

  /**
   * A surge mid-rollout or a scale-down's pods exist and count once, as pods. A terminating pod
   * still holds its node's capacity but is no longer one of the workload's: the pods replacing it
   * count too.
   */
  @Test
  void aWorkloadWithMorePodsThanItAsksForAddsNothingAndATerminatingPodIsNotOneOfIts() {
    deployment("web", 2, "1");
    assertThat(new ClusterCapacityReader(client).read().cpuRequestedMillis()).isEqualTo(2500);
    var pods = client.pods().inNamespace("shop");
    // deleted, held by a finalizer: terminating, as a pod in its grace period is
    pods.resource(
            new PodBuilder(pod("web-4", "node-a", "1", "Running", "web"))
                .editMetadata()
                .addToFinalizers("example.com/hold")
                .endMetadata()
                .build())
        .create();
    pods.withName("web-4").delete();
    assertThat(pods.withName("web-4").get().getMetadata().getDeletionTimestamp()).isNotNull();
    client.apps().deployments().inNamespace("shop").withName("web").scale(5);
    // 3500m of pods, web-4 terminating among them, and the 2 of 5 web does not have yet
    assertThat(new ClusterCapacityReader(client).read().cpuRequestedMillis()).isEqualTo(5500);
  }

  /** A StatefulSet's pods come one at a time: those still to come count. */
  @Test
  void aStatefulSetsPodsNotCreatedYetAreCounted() {
    client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewSelector()
                .addNewMatchExpression()
                .withKey("app")
                .withOperator("In")
                .withValues("db", "db-replica")
                .endMatchExpression()
                .endSelector()
                .withTemplate(template("500m"))
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace("shop")
        .resource(pod("db-0", "node-a", "500m", "Running", "db"))
        .create();
    assertThat(new ClusterCapacityReader(client).read().cpuRequestedMillis()).isEqualTo(4000);
  }

  /**
   * A StatefulSet reports its refused creates only as FailedCreate Events on it, repeated while the
   * refusal lasts: with a recent one its pods still to come hold no room, as a Deployment's with
   * ReplicaFailure; one older than two minutes is a refusal that has passed. Before, the refused
   * pods were counted for as long as the quota stayed full.
   */
  @Test
  void aStatefulSetWhosePodsAreRefusedHoldsNoRoomForThem() {
    Instant now = Instant.parse("2026-12-04T12:00:00Z");
    statefulSet("db", 3, "500m");
    client
        .pods()
        .inNamespace("shop")
        .resource(pod("db-0", "node-a", "500m", "Running", "db"))
        .create();
    failedCreate("db", now.minusSeconds(30));
    // the API server selects db's Events by field (fabric8's CRUD mock cannot): served
    // as the server would answer
    KubernetesMockServer api = servingTheWorkloads();
    api.expect()
        .get()
        .withPath(
            "/api/v1/namespaces/shop/events?fieldSelector="
                + URLEncoder.encode(
                    "involvedObject.kind=StatefulSet,involvedObject.name=db", UTF_8))
        .andReturn(200, client.v1().events().inNamespace("shop").list())
        .always();
    try (KubernetesClient server = api.createClient()) {
      // 2500m of pods and db-0: not the 2 of 3 db's controller is refused
      assertThat(
              new ClusterCapacityReader(server, Clock.fixed(now, ZoneOffset.UTC))
                  .read()
                  .cpuRequestedMillis())
          .isEqualTo(3000);
      assertThat(
              new ClusterCapacityReader(server, Clock.fixed(now.plusSeconds(600), ZoneOffset.UTC))
                  .read()
                  .cpuRequestedMillis())
          .as("the refusal is ten minutes old: the pods come again")
          .isEqualTo(4000);
    } finally {
      api.destroy();
    }
  }

  /**
   * An older ClusterRole without Deployments and StatefulSets: the ledger still reads nodes and
   * pods, and says what it could not count and how to grant it.
   */
  @Test
  void workloadsTheRoleCannotListLeaveThePodsCountAndSaySo() {
    KubernetesMockServer api = servingNodesAndPods();
    api.expect()
        .get()
        .withPath("/apis/apps/v1/deployments")
        .andReturn(403, "deployments.apps is forbidden")
        .always();
    try (KubernetesClient forbidden = api.createClient()) {
      ClusterCapacity c = new ClusterCapacityReader(forbidden).read();
      assertThat(c.cpuRequestedMillis()).isEqualTo(2500);
      assertThat(c.source())
          .isEqualTo(
              "kubernetes nodes and pod requests (Deployments and StatefulSets not readable"
                  + " (403), pods they have not created yet not counted: grant list on them"
                  + " cluster-wide, as deploy/clusterrole.yaml does)");
    } finally {
      api.destroy();
    }
  }

  /**
   * An expectations-mode API server that answers the ledger's cluster-wide lists (nodes, pods,
   * Deployments, StatefulSets) with what the CRUD mock holds; a test adds the answers it needs
   * beyond them (field-selected Events, a failing list), as the real server would give them.
   */
  private KubernetesMockServer servingTheWorkloads() {
    KubernetesMockServer api = servingNodesAndPods();
    api.expect()
        .get()
        .withPath("/apis/apps/v1/deployments")
        .andReturn(200, client.apps().deployments().inAnyNamespace().list())
        .always();
    api.expect()
        .get()
        .withPath("/apis/apps/v1/statefulsets")
        .andReturn(200, client.apps().statefulSets().inAnyNamespace().list())
        .always();
    return api;
  }

  /** An expectations-mode API server that answers the lists of nodes and of pods. */
  private KubernetesMockServer servingNodesAndPods() {
    KubernetesMockServer api = new KubernetesMockServer(false);
    api.init();
    api.expect().get().withPath("/api/v1/nodes").andReturn(200, client.nodes().list()).always();
    api.expect()
        .get()
        .withPath("/api/v1/pods")
        .andReturn(200, client.pods().inAnyNamespace().list())
        .always();
    return api;
  }

  private static final long GIB = 1L << 30;

  private static io.fabric8.kubernetes.api.model.PodTemplateSpec template(String cpu) {
    return new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity("1Gi"))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private void statefulSet(String name, int replicas, String cpu) {
    client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(cpu))
                .endSpec()
                .build())
        .create();
  }

  /** The StatefulSet controller's Event for a pod create the API server refused. */
  private void failedCreate(String statefulSet, Instant lastSeen) {
    client
        .v1()
        .events()
        .inNamespace("shop")
        .resource(
            new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata()
                .withName(statefulSet + ".refused")
                .withNamespace("shop")
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("StatefulSet")
                .withName(statefulSet)
                .withNamespace("shop")
                .endInvolvedObject()
                .withReason("FailedCreate")
                .withMessage(
                    "create Pod "
                        + statefulSet
                        + "-1 in StatefulSet "
                        + statefulSet
                        + " failed error: pods is forbidden: exceeded quota: two-pods")
                .withLastTimestamp(lastSeen.toString())
                .build())
        .create();
  }

  private void deployment(String name, int replicas, String cpu) {
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(cpu))
                .endSpec()
                .build())
        .create();
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

  private static Pod pod(String name, String nodeName, String cpu, String phase, String app) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .addToLabels("app", app)
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
  }
}
