package io.specops.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.specops.audit.AuditActivitiesImpl;
import io.specops.audit.AuditLog;
import io.specops.audit.KubernetesEventsAuditSink;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.coordination.FleetActivitiesImpl;
import io.specops.coordination.FleetInput;
import io.specops.coordination.FleetSettings;
import io.specops.coordination.FleetWorkflow;
import io.specops.coordination.FleetWorkflowImpl;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.decision.DecisionContext;
import io.specops.decision.DecisionEngine;
import io.specops.evidence.EvidenceActivitiesImpl;
import io.specops.evidence.EvidenceReport;
import io.specops.evidence.EvidenceRequest;
import io.specops.governance.GovernanceEngine;
import io.specops.json.Json;
import io.specops.json.SpecopsDataConverter;
import io.specops.kubernetes.ApiServerClock;
import io.specops.kubernetes.ClusterCapacityReader;
import io.specops.kubernetes.ContainerDefaults;
import io.specops.kubernetes.KubernetesScaler;
import io.specops.kubernetes.LastWrite;
import io.specops.kubernetes.NodeProvisioning;
import io.specops.kubernetes.PodResources;
import io.specops.kubernetes.QuotaCeiling;
import io.specops.kubernetes.QuotaShare;
import io.specops.kubernetes.ResourceQuotaReader;
import io.specops.kubernetes.ScaleOutcome;
import io.specops.kubernetes.ScaleRequest;
import io.specops.kubernetes.ScaleResult;
import io.specops.kubernetes.ScalingActivities;
import io.specops.kubernetes.TestLimitRanges;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.WorkloadState;
import io.specops.kubernetes.Workloads;
import io.specops.metrics.KubernetesMetricsSource;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.MetricsSource;
import io.specops.metrics.PodRequest;
import io.specops.notification.NotificationSender;
import io.specops.service.Evaluation;
import io.specops.service.EvaluationActivitiesImpl;
import io.specops.service.Evaluator;
import io.specops.service.OperationResult;
import io.specops.service.SearchAttributeNames;
import io.specops.service.ServicePhase;
import io.specops.service.ServiceSettings;
import io.specops.service.ServiceStatus;
import io.specops.service.ServiceWorkflow;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.simulation.ScaleCall;
import io.specops.simulation.Scenario;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.Templates;
import io.specops.verification.VerificationChecks;
import io.specops.verification.VerificationOutcome;
import io.specops.verification.VerificationReport;
import io.specops.verification.VerificationRequest;
import io.specops.verification.Verifier;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SpecOps against a real Kubernetes control plane (kube-apiserver, etcd, the controller manager,
 * the scheduler, kwok's fake node): deploy/'s RBAC applied as it is and enforced by the server,
 * seed 001 end to end through the real scale path, a second writer, and a Deployment an HPA also
 * targets. The worker's activities talk to the API server with the service account's token.
 */
class RealControlPlaneKubeIT {
  @TempDir static Path dir;
  static KubeControlPlane kube;
  static KubernetesClient specops;
  static Scenario seed;

  @BeforeAll
  static void start() throws Exception {
    kube = KubeControlPlane.start(Files.createDirectories(dir.resolve("kube")), "4", "16Gi");
    KubernetesClient admin = kube.admin();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("todo-app").endMetadata().build())
        .create();
    kube.applyDeploy(
        Path.of(System.getProperty("specops.repo", TestBlueprints.repoRoot().toString()))
            .resolve("deploy"),
        "todo-app");
    seed = ScenarioLoader.load("seed-001");
    for (Scenario.Service s : seed.services()) {
      admin
          .apps()
          .deployments()
          .inNamespace("todo-app")
          .resource(Templates.deployment(s, "todo-app"))
          .create();
    }
    String token = kube.serviceAccountToken();
    specops = kube.client(token);
    // the seed's Deployments come up: the Deployment controller makes ReplicaSets, kwok makes their
    // pods Ready
    awaitReady("todo-frontend", 2);
    awaitReady("todo-backend", 3);
  }

  @AfterAll
  static void stop() {
    if (specops != null) {
      specops.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  /**
   * deploy/'s Role is least privilege, enforced by the server: what SpecOps calls works, the rest
   * is 403.
   */
  @Test
  void theServiceAccountCanDoWhatSpecopsDoesAndNothingElse() {
    WorkloadRef backend = new WorkloadRef("todo-app", "Deployment", "todo-backend");
    assertThat(Workloads.get(specops, backend)).isNotNull();
    var capacity = new ClusterCapacityReader(specops).read();
    assertThat(capacity.cpuAllocatableMillis()).isEqualTo(4000);
    assertThat(capacity.source()).isEqualTo("kubernetes nodes and pod requests");
    assertThat(
            specops
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace("todo-app")
                .list()
                .getItems())
        .isEmpty();

    assertForbidden(
        () ->
            specops.apps().deployments().inNamespace("todo-app").withName("todo-backend").delete());
    assertThat(specops.resourceQuotas().inNamespace("todo-app").list().getItems()).isEmpty();
    assertThat(specops.limitRanges().inNamespace("todo-app").list().getItems()).isEmpty();
    assertForbidden(() -> specops.resourceQuotas().inNamespace("todo-app").withName("x").delete());
    assertForbidden(() -> specops.secrets().inNamespace("todo-app").list());
    // the capacity ledger lists workloads everywhere (what pods they still ask for); nothing more
    assertForbidden(
        () -> specops.apps().deployments().inNamespace("default").withName("anything").get());
    assertForbidden(
        () ->
            specops
                .apps()
                .deployments()
                .inNamespace("todo-app")
                .resource(deployment("intruder", 1))
                .create());
    assertForbidden(() -> specops.pods().inNamespace("todo-app").withName("anything").delete());
    // Events: created as the HPA's controller does, listed for incident evidence; never deleted
    assertThat(
            specops
                .v1()
                .events()
                .inNamespace("todo-app")
                .resource(
                    new io.fabric8.kubernetes.api.model.EventBuilder()
                        .withNewMetadata()
                        .withName("todo-backend.rbac-check")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("Deployment")
                        .withName("todo-backend")
                        .withNamespace("todo-app")
                        .endInvolvedObject()
                        .withReason("SpecOpsVerified")
                        .withMessage("rbac check")
                        .build())
                .create())
        .isNotNull();
    assertThat(specops.v1().events().inNamespace("todo-app").list().getItems()).isNotEmpty();
    assertForbidden(() -> specops.v1().events().inNamespace("default").list());
    // incident evidence reads pods, their logs, Events and ReplicaSets: the Role allows each
    // (kwok's pods
    // have no kubelet to serve logs, so those may be missing, but never forbidden)
    var report = evidence("ev-kube", "todo-app", "todo-backend", "on_demand", null);
    assertThat(report.gaps()).noneSatisfy(g -> assertThat(g).contains("forbidden"));
    assertThat(report.pods()).isNotEmpty();
    assertThat(report.rollouts()).as("the Deployment controller's ReplicaSet").isNotEmpty();
    assertForbidden(
        () ->
            specops
                .apps()
                .replicaSets()
                .inNamespace("todo-app")
                .withName(report.rollouts().isEmpty() ? "x" : "todo-backend")
                .delete());
    assertForbidden(
        () ->
            specops
                .v1()
                .events()
                .inNamespace("todo-app")
                .withName("todo-backend.rbac-check")
                .delete());
    assertForbidden(
        () ->
            specops
                .v1()
                .events()
                .inNamespace("default")
                .resource(
                    new io.fabric8.kubernetes.api.model.EventBuilder()
                        .withNewMetadata()
                        .withName("elsewhere")
                        .endMetadata()
                        .withReason("x")
                        .build())
                .create());
  }

  /**
   * Seed 001 on the real control plane: todo-frontend 2 -> 3 through the real scale path, verified
   * on the real objects.
   */
  @Test
  void seed001ScalesTheFrontendThroughTheRealApiServer() throws Exception {
    Path blueprints = Files.createDirectories(dir.resolve("blueprints"));
    String quick = "  evaluation:\n    interval: 5s\n";
    Files.writeString(blueprints.resolve("frontend.yaml"), TestBlueprints.yaml("frontend") + quick);
    Files.writeString(blueprints.resolve("backend.yaml"), TestBlueprints.yaml("backend") + quick);
    try (FleetRun run = FleetRun.start(blueprints, seed, dir.resolve("audit"))) {
      WorkflowClient client = run.client();
      AuditLog log = run.log();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      ServiceStatus status = null;
      while (System.nanoTime() < deadline) {
        Thread.sleep(1000);
        try {
          status =
              client
                  .newWorkflowStub(
                      ServiceWorkflow.class, ServiceWorkflow.workflowId("todo-frontend"))
                  .status();
          if (status.lastOperation() != null
              && status.lastOperation().outcome() != null
              && status.phase() == ServicePhase.IDLE) {
            break;
          }
        } catch (RuntimeException notStartedYet) {
          // the fleet has not started it yet
        }
      }
      assertThat(status).isNotNull();
      assertThat(status.lastOperation().outcome())
          .as(kube.log("kube-controller-manager"))
          .isEqualTo(OperationResult.VERIFIED);
      Deployment frontend =
          kube.admin().apps().deployments().inNamespace("todo-app").withName("todo-frontend").get();
      assertThat(frontend.getSpec().getReplicas()).isEqualTo(3);
      assertThat(frontend.getStatus().getReadyReplicas()).isEqualTo(3);
      assertThat(frontend.getMetadata().getAnnotations())
          .containsEntry(
              KubernetesScaler.OPERATION_ANNOTATION, status.lastOperation().decisionId());
      // what SpecOps owns, as the server records it: replicas and its annotations, applied as
      // "specops"
      assertThat(frontend.getMetadata().getManagedFields())
          .anySatisfy(
              f -> {
                assertThat(f.getManager()).isEqualTo("specops");
                assertThat(f.getOperation()).isEqualTo("Apply");
                String owned = Json.write(f.getFieldsV1().getAdditionalProperties());
                assertThat(owned)
                    .contains("f:replicas")
                    .contains("f:specops.io/operation-id")
                    .doesNotContain("f:template");
              });
      assertThat(
              kube.admin()
                  .apps()
                  .replicaSets()
                  .inNamespace("todo-app")
                  .withLabel("app", "todo-frontend")
                  .list()
                  .getItems())
          .as("the Deployment controller's ReplicaSet")
          .isNotEmpty();
      List<JsonNode> records = log.read(LocalDate.now(ZoneOffset.UTC));
      assertThat(records)
          .anySatisfy(
              r -> {
                assertThat(r.path("record_type").asText()).isEqualTo("verification");
                assertThat(r.path("outcome").asText()).isEqualTo("success");
              });
      assertThat(
              kube.admin()
                  .apps()
                  .deployments()
                  .inNamespace("todo-app")
                  .withName("todo-backend")
                  .get()
                  .getSpec()
                  .getReplicas())
          .as("the backend is left alone")
          .isEqualTo(3);
      // what `kubectl describe deployment todo-frontend` lists under Events
      String decisionId = status.lastOperation().decisionId();
      List<io.fabric8.kubernetes.api.model.Event> events =
          kube.admin()
              .v1()
              .events()
              .inNamespace("todo-app")
              .withField("involvedObject.name", "todo-frontend")
              .list()
              .getItems();
      assertThat(events)
          .extracting(io.fabric8.kubernetes.api.model.Event::getReason)
          .contains("SpecOpsScaled", "SpecOpsVerified");
      assertThat(events)
          .filteredOn(e -> e.getReason().equals("SpecOpsScaled"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo("Scaled from 2 to 3 replicas (scale_up, " + decisionId + ")");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
                assertThat(e.getType()).isEqualTo("Normal");
              });
    }
  }

  /**
   * A fleet of the blueprints in {@code blueprints} on a real-time test Temporal, with the kube
   * tier's activities through the service account (metrics from {@code scenario}'s load model,
   * scale-ups within the namespaces' quotas); closing it stops the fleet.
   */
  record FleetRun(TestWorkflowEnvironment env, WorkflowClient client, AuditLog log)
      implements AutoCloseable {
    static FleetRun start(Path blueprints, Scenario scenario, Path audit) {
      return start(blueprints, scenario, audit, Duration.ofSeconds(2));
    }

    /** With {@code settle} between an operation's pods being ready and its verification. */
    static FleetRun start(Path blueprints, Scenario scenario, Path audit, Duration settle) {
      TestEnvironmentOptions.Builder options =
          TestEnvironmentOptions.newBuilder()
              .setUseTimeskipping(false)
              .setWorkflowClientOptions(
                  WorkflowClientOptions.newBuilder()
                      .setDataConverter(SpecopsDataConverter.get())
                      .build());
      SearchAttributeNames.all().forEach(options::registerSearchAttribute);
      TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build());
      Worker worker = env.newWorker("specops-kube");
      worker.registerWorkflowImplementationTypes(
          ServiceWorkflowImpl.class, FleetWorkflowImpl.class);
      // Events go through the service account's client: deploy/'s Role must allow them
      AuditLog log = new AuditLog(audit).withSink(new KubernetesEventsAuditSink(specops));
      LoadModelMetrics metrics = new LoadModelMetrics(specops, Clock.systemUTC(), scenario);
      ServiceSettings service =
          new ServiceSettings(
              Duration.ofSeconds(1),
              Duration.ofSeconds(60),
              settle,
              3,
              Duration.ofMinutes(10),
              2000,
              50,
              false,
              true);
      FleetSettings settings = FleetSettings.defaults().withService(service);
      WorkflowClient client = env.getWorkflowClient();
      KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC()).withAudit(log);
      worker.registerActivitiesImplementations(
          new EvaluationActivitiesImpl(metrics, new DecisionEngine(), new GovernanceEngine(), log)
              .withQuotas(new ResourceQuotaReader(specops)),
          scaler,
          new Verifier(metrics).withAudit(log).withReadiness(scaler),
          new AuditActivitiesImpl(log),
          NotificationSender.withoutSmtp(),
          new EvidenceActivitiesImpl(specops, Clock.systemUTC()),
          new FleetActivitiesImpl(new ClusterCapacityReader(specops), client, settings));
      env.start();
      FleetWorkflow fleet =
          client.newWorkflowStub(
              FleetWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(FleetWorkflow.workflowId("default"))
                  .setTaskQueue("specops-kube")
                  .build());
      WorkflowClient.start(
          fleet::run, new FleetInput("default", blueprints.toString(), null, settings, null));
      return new FleetRun(env, client, log);
    }

    @Override
    public void close() throws InterruptedException {
      try {
        client.newWorkflowStub(FleetWorkflow.class, FleetWorkflow.workflowId("default")).stop();
        Thread.sleep(1000);
      } finally {
        try {
          env.close();
        } catch (RuntimeException e) {
          // the SDK's real-time test environment unlocks time skipping after closing its channel
          // (1.38): harmless
        }
      }
    }
  }

  /**
   * A second writer changes replicas while SpecOps scales: every write is optimistic (the server
   * refuses a stale resourceVersion), so nothing is lost; and an operation replayed after the other
   * writer's change does not scale a second time.
   */
  @Test
  void aSecondWriterLosesNothingAndAnOperationIsNeverAppliedTwice() throws Exception {
    kube.admin()
        .apps()
        .deployments()
        .inNamespace("todo-app")
        .resource(deployment("contended", 2))
        .create();
    WorkloadRef ref = new WorkloadRef("todo-app", "Deployment", "contended");
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    AtomicInteger otherWrites = new AtomicInteger();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 30; i++) {
                    try {
                      kube.admin()
                          .apps()
                          .deployments()
                          .inNamespace("todo-app")
                          .withName("contended")
                          .edit(
                              d -> {
                                d.getSpec().setReplicas(4 + otherWrites.get() % 2);
                                return d;
                              });
                      otherWrites.incrementAndGet();
                    } catch (KubernetesClientException conflict) {
                      // the other writer lost a race itself: retry
                    }
                  }
                });
    List<String> specopsOutcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      try {
        specopsOutcomes.add(
            scaler.scale(new ScaleRequest(ref, 3, "dec-kube-" + i, 1, 10, false)).outcome().wire());
      } catch (RuntimeException e) {
        specopsOutcomes.add("refused: " + e.getMessage());
      }
    }
    writer.join();
    assertThat(otherWrites.get()).as("the other writer wrote too").isPositive();
    Deployment after =
        kube.admin().apps().deployments().inNamespace("todo-app").withName("contended").get();
    int generationBefore = after.getMetadata().getGeneration().intValue();
    // an operation SpecOps already applied is not applied again, whatever the replicas are now
    String lastApplied =
        after.getMetadata().getAnnotations() == null
            ? null
            : after.getMetadata().getAnnotations().get(KubernetesScaler.OPERATION_ANNOTATION);
    if (lastApplied != null) {
      scaler.scale(new ScaleRequest(ref, 3, lastApplied, 1, 10, false));
      assertThat(
              kube.admin()
                  .apps()
                  .deployments()
                  .inNamespace("todo-app")
                  .withName("contended")
                  .get()
                  .getMetadata()
                  .getGeneration())
          .as("a replayed operation writes nothing")
          .isEqualTo(generationBefore);
    }
    assertThat(specopsOutcomes)
        .as("SpecOps' writes landed or were refused, never silently lost")
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o).matches("scaled|already_scaled|refused: .*"));
  }

  /**
   * The real API server refuses a write whose resourceVersion is stale (409): here another writer
   * changes the Deployment between the scale call's read and its write, as the Deployment
   * controller's status updates do all through a rollout. The call reads again and writes in the
   * same call, without failing for a Temporal retry; a rollback's re-read finds a change of the
   * replicas and is refused.
   */
  @Test
  void aWriteMeetingAConflictIsReadAgainAndWrittenInTheSameCall() throws Exception {
    var deployments = kube.admin().apps().deployments().inNamespace("todo-app");
    deployments.resource(deployment("conflicted", 2)).create();
    awaitSettled("conflicted", 2);
    WorkloadRef ref = new WorkloadRef("todo-app", "Deployment", "conflicted");
    AtomicReference<java.util.function.Consumer<Deployment>> atNextWrite = new AtomicReference<>();
    try (KubernetesClient client =
        kube.client(
            kube.serviceAccountToken(),
            kube.url(),
            Duration.ofSeconds(10),
            http ->
                http.addOrReplaceInterceptor(
                    "other-writer",
                    new Interceptor() {
                      @Override
                      public void before(
                          BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        if ("PATCH".equals(request.method())) {
                          var change = atNextWrite.getAndSet(null);
                          if (change != null) {
                            deployments
                                .withName("conflicted")
                                .edit(
                                    d -> {
                                      change.accept(d);
                                      return d;
                                    });
                          }
                        }
                      }
                    }))) {
      KubernetesScaler scaler = new KubernetesScaler(client, Clock.systemUTC());
      int before = kube.auditedWrites(KubeControlPlane.SPECOPS_USER, "todo-app").size();

      // a change that leaves the replicas alone (a label, as a status update would be)
      atNextWrite.set(d -> d.getMetadata().getLabels().put("touched", "yes"));
      ScaleResult scaled = scaler.scale(new ScaleRequest(ref, 3, "dec-conflict", 1, 10, false));
      assertThat(scaled.outcome()).isEqualTo(ScaleOutcome.SCALED);
      assertThat(scaled.previousReplicas()).isEqualTo(2);
      assertThat(deployments.withName("conflicted").get().getSpec().getReplicas()).isEqualTo(3);
      assertThat(
              kube.auditedWrites(KubeControlPlane.SPECOPS_USER, "todo-app").stream()
                  .skip(before)
                  .map(ScaleCall::status))
          .as("refused by the server for its stale resourceVersion, then written")
          .containsExactly(409, 200);

      // a change of the replicas: the rollback, computed from 3, is refused on the re-read
      atNextWrite.set(d -> d.getSpec().setReplicas(6));
      assertThatThrownBy(
              () ->
                  scaler.scale(
                      new ScaleRequest(ref, 2, "dec-conflict-rollback", 1, 10, false).expecting(3)))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              e -> assertThat(e.getType()).isEqualTo("ChangedByAnotherWriter"));
      assertThat(deployments.withName("conflicted").get().getSpec().getReplicas()).isEqualTo(6);
    } finally {
      deployments.withName("conflicted").delete();
    }
  }

  /**
   * A partition between SpecOps and the API server that falls on a scale write (the link is cut as
   * the PATCH leaves). One way, the write lands and its answer is lost: the retry finds it and
   * writes nothing again. Both ways, the write is held and reaches the server after another
   * writer's change, as TCP delivers it once the path heals: the server refuses it (its client is
   * gone, or its resourceVersion is stale) instead of putting back what SpecOps read before the
   * partition.
   */
  @Test
  void aWriteCutOffByAPartitionIsNeitherRepeatedNorAppliedOverANewerChange() throws Exception {
    kube.admin()
        .apps()
        .deployments()
        .inNamespace("todo-app")
        .resource(deployment("partitioned", 2))
        .create();
    // the write below carries the resourceVersion it read: a status update by the Deployment
    // controller in between would have it refused (409), unseen behind the lost answer
    awaitSettled("partitioned", 2);
    WorkloadRef ref = new WorkloadRef("todo-app", "Deployment", "partitioned");
    URI api = URI.create(kube.url());
    AtomicReference<NetworkLink.Cut> cutAtNextWrite = new AtomicReference<>();
    try (NetworkLink link = new NetworkLink(api.getHost(), api.getPort());
        KubernetesClient partitioned =
            kube.client(
                kube.serviceAccountToken(),
                "https://127.0.0.1:" + link.port(),
                Duration.ofSeconds(3),
                http ->
                    http.addOrReplaceInterceptor(
                        "partition",
                        new Interceptor() {
                          @Override
                          public void before(
                              BasicBuilder builder, HttpRequest request, RequestTags tags) {
                            NetworkLink.Cut cut = cutAtNextWrite.getAndSet(null);
                            if (cut != null && "PATCH".equals(request.method())) {
                              link.cut(cut);
                            } else if (cut != null) {
                              cutAtNextWrite.set(cut);
                            }
                          }
                        }))) {
      KubernetesScaler scaler = new KubernetesScaler(partitioned, Clock.systemUTC());

      // one way: the write lands, its answer does not come
      cutAtNextWrite.set(NetworkLink.Cut.ANSWERS_LOST);
      assertThatThrownBy(() -> scaler.scale(new ScaleRequest(ref, 3, "dec-cut-1", 1, 10, false)))
          .as("the write's answer never came")
          .hasMessageContaining("unreachable");
      Deployment landed =
          kube.admin().apps().deployments().inNamespace("todo-app").withName("partitioned").get();
      assertThat(landed.getSpec().getReplicas())
          .as(
              "the write landed (the API server's record of it: %s)",
              kube.auditedWrites(KubeControlPlane.SPECOPS_USER, "todo-app"))
          .isEqualTo(3);
      link.heal();
      // what the workflow reads after a scale call whose attempts all went unanswered
      assertThat(scaler.lastWrite(ref))
          .isEqualTo(new LastWrite("dec-cut-1", 2, 3, landed.getMetadata().getResourceVersion()));
      ScaleResult retried = scaler.scale(new ScaleRequest(ref, 3, "dec-cut-1", 1, 10, false));
      assertThat(retried.outcome())
          .as("the retry finds its write and makes none")
          .isEqualTo(ScaleOutcome.ALREADY_SCALED);
      assertThat(retried.previousReplicas()).as("read from the write's annotation").isEqualTo(2);

      // both ways: the write is held; another writer changes the replicas; the path heals
      cutAtNextWrite.set(NetworkLink.Cut.BLACKHOLE);
      assertThatThrownBy(() -> scaler.scale(new ScaleRequest(ref, 5, "dec-cut-2", 1, 10, false)))
          .hasMessageContaining("unreachable");
      setReplicas("partitioned", 4);
      link.heal();
      // the held write reaches the server now; its audit log says how it was answered
      Instant until = Instant.now().plusSeconds(20);
      List<ScaleCall> late = List.of();
      while (late.isEmpty() && Instant.now().isBefore(until)) {
        Thread.sleep(200);
        late =
            kube.auditedWrites(KubeControlPlane.SPECOPS_USER, "todo-app").stream()
                .filter(c -> "dec-cut-2".equals(c.operationId()))
                .toList();
      }
      // refused either way: 504 when the server sees the client gone first (the client closed the
      // connection when it gave up, and that close follows the request through the link), 409 when
      // it reads the stale resourceVersion first
      assertThat(late)
          .as("the held write reached the server after the partition, and was refused")
          .singleElement()
          .satisfies(c -> assertThat(c.status()).isIn(409, 504));
      Deployment after =
          kube.admin().apps().deployments().inNamespace("todo-app").withName("partitioned").get();
      assertThat(after.getSpec().getReplicas()).as("the other writer's change stands").isEqualTo(4);
      assertThat(after.getMetadata().getAnnotations())
          .containsEntry(KubernetesScaler.OPERATION_ANNOTATION, "dec-cut-1");
      assertThat(
              kube.auditedWrites(KubeControlPlane.SPECOPS_USER, "todo-app").stream()
                  .filter(c -> "dec-cut-1".equals(c.operationId()))
                  .toList())
          .as("dec-cut-1 written once")
          .hasSize(1);
    }
  }

  /**
   * Two controllers writing replicas fight: a Deployment an HPA targets is refused with a clear
   * message.
   */
  @Test
  void aDeploymentAnHpaAlsoTargetsIsRefused() {
    kube.admin()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("todo-app")
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("backend-hpa")
                .withNamespace("todo-app")
                .endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("todo-backend")
                .endScaleTargetRef()
                .withMinReplicas(2)
                .withMaxReplicas(5)
                .endSpec()
                .build())
        .create();
    try {
      KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
      assertThatThrownBy(
              () ->
                  scaler.scale(
                      new ScaleRequest(
                          new WorkloadRef("todo-app", "Deployment", "todo-backend"),
                          4,
                          "dec-hpa",
                          2,
                          5,
                          false)))
          .isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining("HorizontalPodAutoscaler backend-hpa also manages")
          .hasMessageContaining("two controllers");
      assertThat(
              kube.admin()
                  .apps()
                  .deployments()
                  .inNamespace("todo-app")
                  .withName("todo-backend")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(3);
    } finally {
      kube.admin()
          .autoscaling()
          .v2()
          .horizontalPodAutoscalers()
          .inNamespace("todo-app")
          .withName("backend-hpa")
          .delete();
    }
  }

  /**
   * A node being drained is cordoned: the scheduler places nothing new on it, so the capacity
   * ledger leaves it and its pods out (with the Role's read of nodes, as SpecOps runs).
   */
  @Test
  void aCordonedNodeLeavesTheCapacityLedger() {
    assertThat(new ClusterCapacityReader(specops).read().cpuAllocatableMillis()).isEqualTo(4000);
    cordon(true);
    try {
      var cordoned = new ClusterCapacityReader(specops).read();
      assertThat(cordoned.cpuAllocatableMillis()).isZero();
      assertThat(cordoned.cpuRequestedMillis()).isZero();
      assertThat(cordoned.source()).endsWith("(left out: kwok-node-0 cordoned)");
    } finally {
      cordon(false);
    }
    assertThat(new ClusterCapacityReader(specops).read().cpuAllocatableMillis()).isEqualTo(4000);
  }

  /**
   * Once a granted scale-up's write has gone through, the coordinator stops holding its cpu and the
   * capacity ledger must count it. The ReplicaSet controller creates the new pods a moment after
   * the write: a read in that gap counted only the old ones, so a second scale-up could be granted
   * over the cluster's cpu (the crash drill on this control plane saw 3 100m asked of a 3 000m
   * node). The ledger now counts the replicas a workload asks for that its controller has not
   * created yet.
   */
  @Test
  void aScaleUpCountsInTheCapacityLedgerBeforeItsPodsExist() throws Exception {
    var deployments = kube.admin().apps().deployments().inNamespace("todo-app");
    deployments.resource(deployment("growing", 1)).create();
    try {
      awaitReady("growing", 1);
      ClusterCapacityReader ledger = new ClusterCapacityReader(specops);
      long before = ledger.read().cpuRequestedMillis();
      WorkloadRef ref = new WorkloadRef("todo-app", "Deployment", "growing");
      KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
      assertThat(
              scaleRetrying(scaler, new ScaleRequest(ref, 9, "dec-growing", 1, 10, false))
                  .outcome())
          .isEqualTo(ScaleOutcome.SCALED);
      var right = ledger.read();
      assertThat(right.cpuRequestedMillis() - before)
          .as("8 new replicas of 10m, read right after SpecOps' write (%s)", right.source())
          .isGreaterThanOrEqualTo(80);
      awaitReady("growing", 9);
      assertThat(ledger.read().cpuRequestedMillis() - before)
          .as("once the pods exist they count once")
          .isEqualTo(80);
      // the gap is short on an idle control plane (before, 3 reads of 10 missed 10-50m here):
      // another writer's larger scale-ups, read at once, five times
      for (int round = 1; round <= 5; round++) {
        setReplicas("growing", 1);
        awaitReady("growing", 1);
        // the scale-down's pods are gone
        for (int i = 0; i < 300 && ledger.read().cpuRequestedMillis() != before; i++) {
          Thread.sleep(100);
        }
        setReplicas("growing", 31);
        long read = ledger.read().cpuRequestedMillis();
        assertThat(read - before)
            .as("round %d: 30 new replicas of 10m, read right after `kubectl scale`", round)
            .isGreaterThanOrEqualTo(300);
      }
    } finally {
      deployments.withName("growing").delete();
    }
  }

  /**
   * A template that sets only limits: the real API server stores its pods requested at the limits,
   * and what SpecOps reads from the template (the ledger's pods not created yet, the snapshot's
   * per-pod request the coordinator is asked for) is the same. Before, the template read as
   * requesting nothing.
   */
  @Test
  void aTemplateWithOnlyLimitsReadsAsThePodsTheServerCreates() throws Exception {
    Deployment limited = deployment("limited", 2);
    var container = limited.getSpec().getTemplate().getSpec().getContainers().get(0);
    container.getResources().setRequests(null);
    container
        .getResources()
        .setLimits(
            new java.util.HashMap<>(
                java.util.Map.of(
                    "cpu",
                    cpu("20m"),
                    "memory",
                    new io.fabric8.kubernetes.api.model.Quantity("32Mi"))));
    var deployments = kube.admin().apps().deployments().inNamespace("todo-app");
    deployments.resource(limited).create();
    try {
      awaitReady("limited", 2);
      var pods =
          kube.admin().pods().inNamespace("todo-app").withLabel("app", "limited").list().getItems();
      assertThat(pods).isNotEmpty();
      var stored = PodResources.request(pods.get(0).getSpec());
      assertThat(stored).as("the server's defaulting").isEqualTo(new PodRequest(20, 32L << 20));
      var template = deployments.withName("limited").get().getSpec().getTemplate().getSpec();
      assertThat(PodResources.request(template)).isEqualTo(stored);
    } finally {
      deployments.withName("limited").delete();
    }
  }

  /**
   * Mid-rollout the real Deployment controller counts the old pods and its surge's new ones in
   * readyReplicas, above the spec for as long as the new ones are not yet available
   * (minReadySeconds). A scale-up then has its pods, and more: the readiness wait ends at once.
   * Before, it waited for exactly the target until its timeout, and the verification rolled a
   * healthy scale-up back.
   */
  @Test
  void aScaleUpDuringARolloutCountsItsSurgePods() throws Exception {
    Deployment rolling = deployment("rolling", 3);
    rolling.getSpec().setMinReadySeconds(300);
    rolling
        .getSpec()
        .setStrategy(
            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new io.fabric8.kubernetes.api.model.IntOrString(2))
                .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(0))
                .endRollingUpdate()
                .build());
    var deployments = kube.admin().apps().deployments().inNamespace("todo-app");
    deployments.resource(rolling).create();
    awaitReady("rolling", 3);
    // a deploy: the controller surges 2 new pods and keeps the 3 old until the new are available
    deployments
        .withName("rolling")
        .edit(
            d -> {
              // what `kubectl rollout restart` writes
              d.getSpec()
                  .getTemplate()
                  .getMetadata()
                  .setAnnotations(
                      java.util.Map.of(
                          "kubectl.kubernetes.io/restartedAt", Instant.now().toString()));
              return d;
            });
    awaitReady("rolling", 5);
    WorkloadRef ref = new WorkloadRef("todo-app", "Deployment", "rolling");
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    assertThat(
            scaleRetrying(scaler, new ScaleRequest(ref, 4, "dec-rolling", 1, 10, false)).outcome())
        .isEqualTo(ScaleOutcome.SCALED);
    TestActivityEnvironment activities = TestActivityEnvironment.newInstance();
    try {
      activities.registerActivitiesImplementations(scaler);
      ScalingActivities stub =
          activities.newActivityStub(
              ScalingActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setHeartbeatTimeout(Duration.ofSeconds(30))
                  .build());
      long started = System.nanoTime();
      WorkloadState state = stub.awaitReady(ref, 4, Duration.ofSeconds(20), Duration.ZERO);
      assertThat(state.desiredReplicas()).isEqualTo(4);
      assertThat(state.readyReplicas())
          .as("old pods and the surge's new ones, as the controller counts them")
          .isGreaterThan(4);
      assertThat(state.reached(4)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("no wait for a count the rollout will not show for minutes")
          .isLessThan(Duration.ofSeconds(10));
    } finally {
      activities.close();
      deployments.withName("rolling").delete();
    }
  }

  /**
   * A namespace's ResourceQuota refuses a scale-up's new pod: the ReplicaSet's create is forbidden,
   * so no pod is ever Pending and nothing said why the pods did not come. Now the readiness reading
   * carries the Deployment's ReplicaFailure condition, the verification's rationale names the
   * quota, and the incident evidence ranks it first. Through deploy/'s Role in that namespace.
   */
  @Test
  void aResourceQuotaThatRefusesNewPodsIsNamed() throws Exception {
    String ns = "capped-app";
    KubernetesClient admin = kube.admin();
    namespaceWithQuota(ns, "two-pods", "pods", "2");
    admin.apps().deployments().inNamespace(ns).resource(deployment(ns, "capped", 2)).create();
    kube.awaitReady(ns, "capped", 2, Duration.ofSeconds(60));
    WorkloadRef ref = new WorkloadRef(ns, "Deployment", "capped");
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    scaleRetrying(scaler, new ScaleRequest(ref, 3, "dec-capped", 1, 10, false));
    // the ReplicaSet controller's create is refused; the Deployment controller reports it
    WorkloadState state = awaitProblem(scaler, ref);
    assertThat(state.readyReplicas()).isEqualTo(2);
    assertThat(state.problem())
        .as("the Deployment's ReplicaFailure condition")
        .startsWith("FailedCreate: ")
        .contains("exceeded quota: two-pods");
    VerificationReport report = verifyScaleUp(ns, "capped", state);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.FAILURE);
    assertThat(report.summary().rationale())
        .startsWith(
            "2 of 3 replicas ready (desired 3) when verification ran; the workload reports"
                + " FailedCreate: ")
        .contains("exceeded quota: two-pods");
    var evidence = evidence("ev-capped", ns, "capped", "rolled_back", "dec-capped");
    assertThat(evidence.causes())
        .as("a Deployment created in the window: its first ReplicaSet is no new version")
        .noneMatch(c -> c.rule().equals("rollout"));
    assertThat(evidence.causes())
        .first()
        .satisfies(
            c -> {
              assertThat(c.rule()).isEqualTo("refused");
              assertThat(c.cause())
                  .isEqualTo("quota: the namespace's ResourceQuota refused new pods");
              assertThat(c.evidence()).contains("exceeded quota: two-pods");
            });
    // a worker and the Temporal server 20 minutes ahead of the cluster: on the decision's time the
    // refusal, stamped by the cluster moments ago, is 20 minutes old, out of the 15-minute window
    // (the controller's repeats of it too: 5 minutes to spare)
    EvidenceAhead ahead =
        evidenceByAWorkerAhead(ns, "capped", "rolled_back", Duration.ofMinutes(20));
    assertThat(ahead.decisionClock().causes())
        .as("on the decision's time (before)")
        .noneMatch(c -> c.rule().equals("refused"));
    assertThat(ahead.serverClock().causes())
        .first()
        .satisfies(c -> assertThat(c.evidence()).contains("exceeded quota: two-pods"));
  }

  /**
   * A scale-up stays within what the namespace's ResourceQuota admits: the evaluation reads the
   * quota through deploy/'s Role and stops at its ceiling, naming it, so the pods come and nothing
   * is rolled back; at a full quota the next scale-up is no action. Before, the decision asked for
   * more pods than the quota admits, and the API server refused the rest.
   */
  @Test
  void aScaleUpStaysWithinWhatTheNamespacesQuotaAdmits() throws Exception {
    String ns = "quota-app";
    KubernetesClient admin = kube.admin();
    namespaceWithQuota(ns, "team-cpu", "requests.cpu", "40m");
    admin.apps().deployments().inNamespace(ns).resource(deployment(ns, "squeezed", 3)).create();
    kube.awaitReady(ns, "squeezed", 3, Duration.ofSeconds(60));
    awaitQuotaUsed(ns, "team-cpu", "30m");
    Blueprint bp =
        BlueprintParser.parse(
            "squeezed.yaml",
            TestBlueprints.withScaling(
                    """
        min_replicas: 1
        max_replicas: 20
        max_step: 10""")
                .replace("name: svc", "name: squeezed\n  namespace: " + ns));
    assertThat(WorkloadRef.of(bp)).isEqualTo(new WorkloadRef(ns, "Deployment", "squeezed"));
    WorkloadRef ref = new WorkloadRef(ns, "Deployment", "squeezed");
    assertThat(new ResourceQuotaReader(specops).ceiling(ref))
        .isEqualTo(new QuotaCeiling(4, "team-cpu", "requests.cpu", "30m", "40m"));
    Evaluator unbounded = new Evaluator(hot(3), new DecisionEngine(), new GovernanceEngine());
    Evaluator bounded =
        new Evaluator(hot(3), new DecisionEngine(), new GovernanceEngine())
            .withQuotas(new ResourceQuotaReader(specops));
    Instant now = Instant.now();
    assertThat(
            unbounded
                .evaluate(bp, DecisionContext.at(now, 1), null, null)
                .decision()
                .targetReplicas())
        .as("without the quota: ceil(3 x 97.4% / 70%), two more pods than it admits")
        .isEqualTo(5);
    Evaluation evaluation = bounded.evaluate(bp, DecisionContext.at(now, 1), null, null);
    Decision capped = evaluation.decision();
    assertThat(capped.action()).isEqualTo(Action.SCALE_UP);
    // what the coordinator pools among the namespace's services (each new pod's 10m, and the
    // 10m the quota controller leaves), through the same Role
    assertThat(evaluation.quotaShare())
        .isEqualTo(new QuotaShare(ns, Map.of("team-cpu/requests.cpu", 0.01)));
    assertThat(
            new FleetActivitiesImpl(new ClusterCapacityReader(specops), null, null)
                .readQuotaRoom(List.of(ns)))
        .isEqualTo(Map.of("quota:quota-app/team-cpu/requests.cpu", 0.01));
    assertThat(capped.targetReplicas()).as(capped.rationale()).isEqualTo(4);
    assertThat(capped.rationale())
        .endsWith(
            "Scaling to 4 replicas to reduce load (limited by the namespace's ResourceQuota"
                + " team-cpu (requests.cpu: 30m used of 40m)).");
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    scaleRetrying(scaler, new ScaleRequest(ref, 4, capped.decisionId(), 1, 20, false));
    kube.awaitReady(ns, "squeezed", 4, Duration.ofSeconds(60));
    assertThat(scaler.readWorkload(ref).problem()).isNull();

    awaitQuotaUsed(ns, "team-cpu", "40m");
    Decision full =
        new Evaluator(hot(4), new DecisionEngine(), new GovernanceEngine())
            .withQuotas(new ResourceQuotaReader(specops))
            .evaluate(bp, DecisionContext.at(Instant.now(), 2), null, null)
            .decision();
    assertThat(full.action()).as(full.rationale()).isEqualTo(Action.NO_ACTION);
    assertThat(full.trigger()).isEqualTo("quota");
    assertThat(full.rationale())
        .contains("the namespace's ResourceQuota team-cpu (requests.cpu: 40m used of 40m)");
  }

  /**
   * Two services of one namespace scale up in the same minute, and its quota has room for one more
   * pod (50m, 40m used by their 2 + 2 pods of 10m): each evaluation alone fits it, and the
   * coordinator pools it, so the critical alpha gets its pod and the standard beta is deferred,
   * naming the quota. Before, both were granted and the quota admission refused beta's pod
   * (ReplicaFailure on its Deployment, rolled back after the readiness timeout).
   */
  @Test
  void twoServicesOfANamespaceScalingTogetherShareItsQuota() throws Exception {
    String ns = "team-app";
    namespaceWithQuota(ns, "team-cpu", "requests.cpu", "50m");
    String hot =
        "{cpu: 85%, memory: 70%, latency_p95: 180ms, latency_p50: 120ms, error_rate: 0.5%}";
    Scenario team = alphaAndBeta(ns, 2, hot, hot);
    awaitQuotaUsed(ns, "team-cpu", "40m");
    Path blueprints = Files.createDirectories(dir.resolve("team-blueprints"));
    String quick = "  evaluation:\n    interval: 5s\n";
    Files.writeString(
        blueprints.resolve("alpha.yaml"),
        TestBlueprints.yaml("backend")
                .replace("todo-backend", "alpha")
                .replace("todo-app", ns)
                .replace("cpu_request: 100m", "cpu_request: 10m")
            + quick);
    Files.writeString(
        blueprints.resolve("beta.yaml"),
        TestBlueprints.yaml("frontend")
                .replace("todo-frontend", "beta")
                .replace("todo-app", ns)
                .replace("cpu_request: 50m", "cpu_request: 10m")
                .replace("dependencies: [todo-backend]", "")
            + quick);
    try (FleetRun run = FleetRun.start(blueprints, team, dir.resolve("team-audit"))) {
      // in one round the critical alpha goes first; if their requests land in two rounds, the
      // first come does: either way one pod comes and the other service is deferred
      Pattern deferred =
          Pattern.compile(
              "(alpha|beta) deferred until resources available: the namespace team-app's"
                  + " ResourceQuota team-cpu \\(requests.cpu\\): needs 10m, 0m left");
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      String waiting = null;
      while (System.nanoTime() < deadline) {
        Matcher found = deferred.matcher(Json.write(run.log().read(LocalDate.now(ZoneOffset.UTC))));
        if (found.find()) {
          waiting = found.group(1);
          if (readyReplicas(ns, waiting.equals("alpha") ? "beta" : "alpha") == 3) {
            break;
          }
        }
        Thread.sleep(1000);
      }
      assertThat(waiting)
          .as(Json.write(run.log().read(LocalDate.now(ZoneOffset.UTC))))
          .isIn("alpha", "beta");
      String scaled = waiting.equals("alpha") ? "beta" : "alpha";
      assertThat(readyReplicas(ns, scaled)).isEqualTo(3);
      Deployment held = kube.admin().apps().deployments().inNamespace(ns).withName(waiting).get();
      assertThat(held.getSpec().getReplicas()).isEqualTo(2);
      assertThat(Workloads.problem(held)).as("no pod refused").isNull();
      awaitQuotaUsed(ns, "team-cpu", "50m");
    }
  }

  /**
   * The room a scale-down's pods give back to the namespace's quota stays the scale-down's until
   * its verification has passed: a failed one rolls it back up without asking, and the quota
   * admission would then refuse its pods. alpha (idle) goes 3 -> 2 while beta (hot) waits at the
   * full quota; once alpha's pod is gone the quota has 10m left, and beta, deciding again, asks for
   * it while alpha is still settling: deferred, naming the quota. Before, beta was granted alpha's
   * room at once.
   */
  @Test
  void aScaleDownsQuotaRoomIsNotGrantedAwayBeforeItIsVerified() throws Exception {
    String ns = "undo-app";
    namespaceWithQuota(ns, "team-cpu", "requests.cpu", "50m");
    Scenario team =
        alphaAndBeta(
            ns,
            3,
            "{cpu: 30%, memory: 20%, latency_p95: 120ms, latency_p50: 80ms, error_rate: 0.1%}",
            "{cpu: 85%, memory: 70%, latency_p95: 180ms, latency_p50: 120ms, error_rate: 0.5%}");
    awaitQuotaUsed(ns, "team-cpu", "50m");
    Path blueprints = Files.createDirectories(dir.resolve("undo-blueprints"));
    for (String name : List.of("alpha", "beta")) {
      Files.writeString(
          blueprints.resolve(name + ".yaml"),
          TestBlueprints.yaml("frontend")
                  .replace("todo-frontend", name)
                  .replace("todo-app", ns)
                  .replace("cpu_request: 50m", "cpu_request: 10m")
                  .replace("dependencies: [todo-backend]", "")
                  .replace(
                      "    scale_down_threshold: 40%",
                      "    scale_down_threshold: 40%\n    cooldown: {scale_down: 0s}")
              + "  evaluation:\n    interval: 5s\n");
    }
    // alpha's scale-down settles 30 s before its verification: beta decides again inside it
    try (FleetRun run =
        FleetRun.start(blueprints, team, dir.resolve("undo-audit"), Duration.ofSeconds(30))) {
      String deferred =
          "beta deferred until resources available: the namespace undo-app's ResourceQuota"
              + " team-cpu (requests.cpu): needs 10m, 0m left (held for operations in flight:"
              + " alpha 10m)";
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      boolean found = false;
      while (!found && System.nanoTime() < deadline) {
        found = Json.write(run.log().read(LocalDate.now(ZoneOffset.UTC))).contains(deferred);
        if (!found) {
          Thread.sleep(1000);
        }
      }
      assertThat(found).as(Json.write(run.log().read(LocalDate.now(ZoneOffset.UTC)))).isTrue();
      assertThat(
              kube.admin()
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("alpha")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(
              kube.admin()
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("beta")
                  .get()
                  .getSpec()
                  .getReplicas())
          .as("the room stays alpha's to roll back into")
          .isEqualTo(2);
      awaitQuotaUsed(ns, "team-cpu", "40m");
    }
  }

  /**
   * Deployments alpha ({@code alphaReplicas}) and beta (2) in {@code ns}, pods of 10m under a
   * constant 180 rps, each looking as its calibration says at the start; returns once all are
   * ready.
   */
  private static Scenario alphaAndBeta(
      String ns, int alphaReplicas, String alphaCalibration, String betaCalibration)
      throws Exception {
    Scenario team =
        ScenarioLoader.parse(
            """
            name: %s
            nodes:
              - {name: node-1, cpu: "4", memory: 16Gi}
            services:
              - {name: alpha, namespace: %s, replicas: %d, cpu_request: 10m,
                 memory_request: 16Mi, load: {constant: 180}, calibration: %s}
              - {name: beta, namespace: %s, replicas: 2, cpu_request: 10m,
                 memory_request: 16Mi, load: {constant: 180}, calibration: %s}
            """
                .formatted(ns, ns, alphaReplicas, alphaCalibration, ns, betaCalibration),
            ns);
    for (Scenario.Service s : team.services()) {
      kube.admin()
          .apps()
          .deployments()
          .inNamespace(ns)
          .resource(Templates.deployment(s, ns))
          .create();
      kube.awaitReady(ns, s.name(), s.replicas(), Duration.ofSeconds(60));
    }
    return team;
  }

  private static int readyReplicas(String ns, String name) {
    Integer ready =
        kube.admin()
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(name)
            .get()
            .getStatus()
            .getReadyReplicas();
    return ready == null ? 0 : ready;
  }

  /**
   * A namespace with deploy/'s Role applied in it and one ResourceQuota of {@code amount} on {@code
   * resource}.
   */
  private static void namespaceWithQuota(String ns, String quota, String resource, String amount)
      throws Exception {
    managedNamespace(ns);
    kube.admin()
        .resourceQuotas()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(quota)
                .endMetadata()
                .withNewSpec()
                .addToHard(resource, new io.fabric8.kubernetes.api.model.Quantity(amount))
                .endSpec()
                .build())
        .create();
  }

  /**
   * Pods that ask for no CPU get the namespace's LimitRange default before the quota counts them:
   * the ceiling counts that default too (read through deploy/'s Role), as the server does, and so
   * does what one more pod takes (from the admitted pods: the template does not show it).
   */
  @Test
  void aLimitRangesDefaultCountsAgainstTheQuota() throws Exception {
    String ns = "defaults-app";
    namespaceWithQuota(ns, "team-cpu", "requests.cpu", "1");
    kube.admin()
        .limitRanges()
        .inNamespace(ns)
        .resource(TestLimitRanges.defaultRequests(Map.of("cpu", "300m")))
        .create();
    Deployment bare = deployment(ns, "bare", 2);
    bare.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setResources(null));
    kube.admin().apps().deployments().inNamespace(ns).resource(bare).create();
    kube.awaitReady(ns, "bare", 2, Duration.ofSeconds(60));
    awaitQuotaUsed(ns, "team-cpu", "600m");
    // the template asks for nothing; what one more pod takes is read off the admitted ones (the
    // snapshot's pod request, the ledger's pods not created yet): before, 0m
    var template =
        specops.apps().deployments().inNamespace(ns).withName("bare").get().getSpec().getTemplate();
    var admitted = specops.pods().inNamespace(ns).withLabel("app", "bare").list().getItems();
    assertThat(PodResources.request(template.getSpec()).cpuMillis()).isZero();
    assertThat(
            PodResources.requestOfNext(template.getSpec(), admitted, ContainerDefaults.NONE)
                .cpuMillis())
        .isEqualTo(300);
    // 400m left at 300m a pod: one more
    assertThat(new ResourceQuotaReader(specops).ceiling(new WorkloadRef(ns, "Deployment", "bare")))
        .isEqualTo(new QuotaCeiling(3, "team-cpu", "requests.cpu", "600m", "1"));

    // scaled to zero, no admitted pod shows the default: the template is read with the
    // namespace's LimitRange through deploy/'s Role (before, 0m: a scale from zero reserved only
    // the blueprint's cpu_request)
    setReplicas(ns, "bare", 0);
    awaitQuotaUsed(ns, "team-cpu", "0");
    for (int i = 0;
        i < 300
            && !kube.admin()
                .pods()
                .inNamespace(ns)
                .withLabel("app", "bare")
                .list()
                .getItems()
                .isEmpty();
        i++) {
      Thread.sleep(100);
    }
    Blueprint bp =
        BlueprintParser.parse(
            "bare.yaml",
            TestBlueprints.withScaling(
                    """
        min_replicas: 2
        max_replicas: 4""")
                .replace("name: svc", "name: bare\n  namespace: " + ns));
    MetricsSnapshot atZero = new KubernetesMetricsSource(specops, Clock.systemUTC()).collect(bp);
    assertThat(atZero.replicas()).isZero();
    assertThat(atZero.podRequest().cpuMillis()).isEqualTo(300);
    // and the ledger counts a scale back to 2 at 300m a pod, whether its pods exist yet (admitted)
    // or not (read from the template with the default; the mock tier's ClusterCapacityReaderTest
    // holds that case still)
    ClusterCapacityReader ledger = new ClusterCapacityReader(specops);
    long before = ledger.read().cpuRequestedMillis();
    setReplicas(ns, "bare", 2);
    assertThat(ledger.read().cpuRequestedMillis() - before)
        .as("two pods of the LimitRange's 300m, read right after the scale")
        .isEqualTo(600);
  }

  /**
   * `specops init` against the real API server, as an administrator runs it with their kubeconfig:
   * each blueprint's requests are the whole pod's as the server admitted it. A native sidecar adds
   * to the app's (10m + 5m), a live pod that asked for nothing was given the namespace's LimitRange
   * default (300m), and a Deployment at zero is read from its template with that default. Before,
   * the first container's alone: 10m, and the seeds' 100m for both others.
   */
  @Test
  void specopsInitWritesThePodsRequestsAsTheServerAdmitsThem() throws Exception {
    String ns = "init-app";
    managedNamespace(ns);
    KubernetesClient admin = kube.admin();
    admin
        .limitRanges()
        .inNamespace(ns)
        .resource(TestLimitRanges.defaultRequests(Map.of("cpu", "300m")))
        .create();
    Deployment sized = deployment(ns, "sized", 2);
    var app = sized.getSpec().getTemplate().getSpec().getContainers().get(0);
    sized
        .getSpec()
        .getTemplate()
        .getSpec()
        .setInitContainers(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerBuilder(app)
                    .withName("proxy")
                    .withRestartPolicy("Always")
                    .withNewResources()
                    .addToRequests("cpu", cpu("5m"))
                    .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("8Mi"))
                    .endResources()
                    .build()));
    Deployment bareLive = deployment(ns, "bare-live", 1);
    Deployment bareIdle = deployment(ns, "bare-idle", 0);
    for (Deployment bare : List.of(bareLive, bareIdle)) {
      bare.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setResources(null));
    }
    for (Deployment d : List.of(sized, bareLive, bareIdle)) {
      admin.apps().deployments().inNamespace(ns).resource(d).create();
    }
    kube.awaitReady(ns, "sized", 2, Duration.ofSeconds(60));
    kube.awaitReady(ns, "bare-live", 1, Duration.ofSeconds(60));

    Path out = dir.resolve("init-blueprints");
    java.io.StringWriter stdout = new java.io.StringWriter();
    java.io.StringWriter stderr = new java.io.StringWriter();
    int code =
        io.specops.cli.SpecopsCli.run(
            new java.io.PrintWriter(stdout, true),
            new java.io.PrintWriter(stderr, true),
            "init",
            "--namespace",
            ns,
            "--out",
            out.toString(),
            "--kubeconfig",
            kube.kubeconfig().toString());
    assertThat(code).as(stderr.toString()).isZero();
    assertThat(stdout.toString()).contains("3 blueprints");
    Map<String, Blueprint> written = new java.util.HashMap<>();
    var loaded = io.specops.blueprint.BlueprintLoader.loadDirectory(out);
    assertThat(loaded.errors()).isEmpty();
    loaded.blueprints().forEach(b -> written.put(b.name(), b));
    assertThat(written.get("sized").spec().resources().cpuRequestMillis()).isEqualTo(15);
    assertThat(written.get("sized").spec().resources().memoryRequestBytes()).isEqualTo(24L << 20);
    assertThat(written.get("bare-live").spec().resources().cpuRequestMillis()).isEqualTo(300);
    assertThat(written.get("bare-idle").spec().resources().cpuRequestMillis()).isEqualTo(300);
    assertThat(java.nio.file.Files.readString(out.resolve("bare-live/blueprint.yaml")))
        .contains("from its 1 live pod as admitted");
    assertThat(java.nio.file.Files.readString(out.resolve("bare-idle/blueprint.yaml")))
        .contains("from its pod template with the namespace's LimitRange defaults");
  }

  /**
   * A pod with a native sidecar (a mesh proxy as an init container with restartPolicy Always, 50m)
   * and a migration init container after it (400m) beside its app (100m) counts as the real server
   * counts it: max(100 + 50, 50 + 400) = 450m. The quota controller's used, the admission's refusal
   * of a third pod over 1 300m, the quota ceiling and the capacity ledger all agree; the refused
   * pod holds no room in the ledger. Before, the ceiling counted 400m a pod (and said a third
   * fits), the ledger 100m, and the refused pod held 450m more for as long as the quota was full.
   */
  @Test
  void aPodWithANativeSidecarCountsAsTheServerCountsIt() throws Exception {
    String ns = "sidecar-app";
    KubernetesClient admin = kube.admin();
    namespaceWithQuota(ns, "team-cpu", "requests.cpu", "1300m");
    Deployment mesh = deployment(ns, "mesh", 2);
    var pod = mesh.getSpec().getTemplate().getSpec();
    pod.getContainers().get(0).getResources().getRequests().put("cpu", cpu("100m"));
    pod.getContainers().get(0).getResources().setLimits(null);
    var proxy = new io.fabric8.kubernetes.api.model.ContainerBuilder(pod.getContainers().get(0));
    var migrate = new io.fabric8.kubernetes.api.model.ContainerBuilder(pod.getContainers().get(0));
    pod.setInitContainers(
        List.of(
            proxy
                .withName("proxy")
                .withRestartPolicy("Always")
                .editResources()
                .addToRequests("cpu", cpu("50m"))
                .endResources()
                .build(),
            migrate
                .withName("migrate")
                .editResources()
                .addToRequests("cpu", cpu("400m"))
                .endResources()
                .build()));
    assertThat(PodResources.requests(pod).get("cpu")).isEqualByComparingTo("0.45");
    ClusterCapacityReader ledger = new ClusterCapacityReader(specops);
    long before = steadyCpuRequested(ledger);
    var deployments = admin.apps().deployments().inNamespace(ns);
    deployments.resource(mesh).create();
    try {
      awaitQuotaUsed(ns, "team-cpu", "900m");
      assertThat(steadyCpuRequested(ledger) - before).as("two pods in the ledger").isEqualTo(900);
      WorkloadRef ref = new WorkloadRef(ns, "Deployment", "mesh");
      assertThat(new ResourceQuotaReader(specops).ceiling(ref))
          .isEqualTo(new QuotaCeiling(2, "team-cpu", "requests.cpu", "900m", "1300m"));
      // the server agrees that a third does not fit
      KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
      scaleRetrying(scaler, new ScaleRequest(ref, 3, "dec-mesh", 1, 10, false));
      assertThat(awaitProblem(scaler, ref).problem()).contains("exceeded quota: team-cpu");
      assertThat(steadyCpuRequested(ledger) - before)
          .as("the refused third pod holds no room the scheduler has")
          .isEqualTo(900);
    } finally {
      // the node's room is the later tests'
      deployments.withName("mesh").delete();
      steadyCpuRequested(ledger);
    }
  }

  private static io.fabric8.kubernetes.api.model.Quantity cpu(String amount) {
    return new io.fabric8.kubernetes.api.model.Quantity(amount);
  }

  /** The ledger's requested cpu once two reads a second apart agree (earlier tests' pods gone). */
  private static long steadyCpuRequested(ClusterCapacityReader ledger) throws InterruptedException {
    long last = ledger.read().cpuRequestedMillis();
    for (int i = 0; i < 60; i++) {
      Thread.sleep(1000);
      long now = ledger.read().cpuRequestedMillis();
      if (now == last) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("the cluster's requested cpu never settled: " + last);
  }

  /**
   * A StatefulSet reports no condition when its pods are refused: the readiness reading takes the
   * StatefulSet controller's FailedCreate Event (fetched with the API server's field selectors,
   * through deploy/'s Role), so the verification's rationale names the quota as it does for a
   * Deployment. Before, it said only "2 of 3 replicas ready". The capacity ledger reads it too: the
   * refused pod is not counted as one still to come.
   */
  @Test
  void aStatefulSetWhosePodsAreRefusedSaysWhy() throws Exception {
    String ns = "stateful-app";
    namespaceWithQuota(ns, "two-pods", "pods", "2");
    Deployment shape = deployment(ns, "db", 2);
    ClusterCapacityReader ledger = new ClusterCapacityReader(specops);
    long before = steadyCpuRequested(ledger);
    kube.admin()
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withMetadata(shape.getMetadata())
                .withNewSpec()
                .withReplicas(2)
                .withServiceName("db")
                .withSelector(shape.getSpec().getSelector())
                .withTemplate(shape.getSpec().getTemplate())
                .endSpec()
                .build())
        .create();
    WorkloadRef ref = new WorkloadRef(ns, "StatefulSet", "db");
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (scaler.readWorkload(ref).readyReplicas() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(300);
    }
    assertThat(scaler.readWorkload(ref).problem()).as("all its pods ready: no problem").isNull();
    scaleRetrying(scaler, new ScaleRequest(ref, 3, "dec-db", 1, 10, false));
    WorkloadState state = awaitProblem(scaler, ref);
    assertThat(state.readyReplicas()).isEqualTo(2);
    assertThat(state.problem())
        .as("the StatefulSet controller's FailedCreate Event")
        .startsWith("FailedCreate: ")
        .contains("exceeded quota: two-pods");
    // a worker 5 minutes ahead of the cluster: by its own clock the controller's Event is older
    // than Workloads.RECENT; by the API server's, as its answers' Date headers tell, it is new
    ReadsAhead fiveMinutes = readByAWorkerAhead(ref, Duration.ofMinutes(5));
    assertThat(fiveMinutes.ownClock().problem()).as("on the worker's own clock (before)").isNull();
    assertThat(fiveMinutes.serverClock().problem())
        .as("on the API server's clock")
        .contains("exceeded quota: two-pods");
    assertThat(steadyCpuRequested(ledger) - before)
        .as("the refused db-2 holds no room the scheduler has (before: 30m, as if it came)")
        .isEqualTo(20);
  }

  /**
   * A scale-up whose new pod no node has room for, while a cluster autoscaler adds one (its
   * TriggeredScaleUp Event on the pod, as Cluster Autoscaler records it): the real scheduler leaves
   * the pod Unschedulable, the reading says a node is coming, and the verification keeps the
   * scale-up (partial) instead of rolling it back; once the node is there the pod runs. Before, "2
   * of 3 replicas ready" failed the verification and the rollback wasted the node.
   */
  @Test
  void aScaleUpWaitingForANodeBeingAddedIsKept() throws Exception {
    String ns = "growing-app";
    KubernetesClient admin = kube.admin();
    managedNamespace(ns);
    // two pods take 80% of what is free, a third fits on no node
    long free = new ClusterCapacityReader(admin).read().cpuFreeMillis();
    String cpu = (free * 2 / 5) + "m";
    Deployment big = deployment(ns, "big", 2);
    big.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .forEach(
            c -> {
              c.getResources()
                  .getRequests()
                  .put("cpu", new io.fabric8.kubernetes.api.model.Quantity(cpu));
              c.getResources()
                  .getLimits()
                  .put("cpu", new io.fabric8.kubernetes.api.model.Quantity(cpu));
            });
    var deployments = admin.apps().deployments().inNamespace(ns);
    deployments.resource(big).create();
    kube.awaitReady(ns, "big", 2, Duration.ofSeconds(60));
    WorkloadRef ref = new WorkloadRef(ns, "Deployment", "big");
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    scaleRetrying(scaler, new ScaleRequest(ref, 3, "dec-big", 1, 10, false));
    String pending = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (pending == null && System.nanoTime() < deadline) {
      Thread.sleep(300);
      pending =
          admin.pods().inNamespace(ns).list().getItems().stream()
              .filter(NodeProvisioning::unschedulable)
              .map(p -> p.getMetadata().getName())
              .findFirst()
              .orElse(null);
    }
    assertThat(pending).as("the scheduler found no node for the third pod").isNotNull();
    assertThat(scaler.readWorkload(ref).provisioning())
        .as("unschedulable, but no autoscaler said a node is coming")
        .isNull();
    admin
        .v1()
        .events()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata()
                .withName(pending + ".ca")
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName(pending)
                .withNamespace(ns)
                .endInvolvedObject()
                .withReason("TriggeredScaleUp")
                .withMessage("pod triggered scale-up: [{kwok-pool 1->2 (max: 2)}]")
                .withType("Normal")
                .withNewSource()
                .withComponent("cluster-autoscaler")
                .endSource()
                .withLastTimestamp(Instant.now().toString())
                .build())
        .create();
    WorkloadState waiting = scaler.readWorkload(ref);
    assertThat(waiting.provisioning())
        .isEqualTo(
            "1 pod waits for a node being added (TriggeredScaleUp: pod triggered scale-up:"
                + " [{kwok-pool 1->2 (max: 2)}])");
    // a worker whose clock is 15 minutes ahead of the API server's: by its own clock the
    // autoscaler's word is 15 minutes old (past NodeProvisioning.RECENT); by the server's, as
    // the Date headers of its answers tell it, it is new
    ReadsAhead fifteenMinutes = readByAWorkerAhead(ref, Duration.ofMinutes(15));
    assertThat(fifteenMinutes.ownClock().provisioning())
        .as("on the worker's own clock (before)")
        .isNull();
    assertThat(fifteenMinutes.serverClock().provisioning())
        .as("on the API server's clock")
        .isEqualTo(waiting.provisioning());
    assertThat(fifteenMinutes.measured())
        .as("measured from the answers")
        .isBetween(Duration.ofMinutes(-15).minusSeconds(2), Duration.ofMinutes(-15).plusSeconds(2));
    VerificationReport report = verifyScaleUp(ns, "big", waiting);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.PARTIAL);
    assertThat(report.summary().rationale())
        .startsWith("2 of 3 replicas ready (desired 3) when verification ran; 1 pod waits")
        .endsWith("kept, the next evaluation decides again");
    // the autoscaler's node joins: the kept pod runs on it
    String node = "kwok-node-added";
    try {
      kube.addNode(node, "4", "16Gi");
      kube.awaitReady(ns, "big", 3, Duration.ofSeconds(60));
      assertThat(scaler.readWorkload(ref).reached(3)).isTrue();
    } finally {
      deployments.withName("big").delete();
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!admin.pods().inNamespace(ns).list().getItems().isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(300);
      }
      admin.nodes().withName(node).delete();
    }
  }

  /**
   * The verification of scale-up dec-NAME 2 -> 3 of Deployment {@code name} (the seed frontend's
   * blueprint) on this reading of the workload.
   */
  private static VerificationReport verifyScaleUp(String ns, String name, WorkloadState reading) {
    Blueprint bp =
        BlueprintParser.parse(
            name + ".yaml",
            TestBlueprints.yaml("frontend")
                .replace("name: todo-frontend", "name: " + name)
                .replace("namespace: todo-app", "namespace: " + ns));
    Decision decision =
        Decision.scaling(
            "dec-" + name,
            name,
            Action.SCALE_UP,
            2,
            3,
            Decision.Basis.of("cpu 90% exceeds scale_up_threshold", "cpu"),
            Instant.now(),
            null);
    return VerificationChecks.evaluate(
        new VerificationRequest("ver-" + name, bp, decision, null, reading), null);
  }

  /** A workload read on a skewed worker's own clock, on the API server's, and the skew measured. */
  record ReadsAhead(WorkloadState ownClock, WorkloadState serverClock, Duration measured) {}

  /**
   * {@code ref} read by a worker whose clock is {@code ahead} of the cluster's: once on its own
   * clock (as before ApiServerClock), once with its client's answers setting the API server's
   * clock, as the worker builds it.
   */
  private static ReadsAhead readByAWorkerAhead(WorkloadRef ref, Duration ahead) {
    Clock worker = Clock.offset(Clock.systemUTC(), ahead);
    WorkloadState own = new KubernetesScaler(specops, worker).readWorkload(ref);
    ApiServerClock serverClock = new ApiServerClock(worker);
    try (KubernetesClient measured = measuredClient(serverClock)) {
      WorkloadState server =
          new KubernetesScaler(measured, worker).withApiServerClock(serverClock).readWorkload(ref);
      return new ReadsAhead(own, server, serverClock.ahead());
    }
  }

  /** The workload's reading once it reports a problem, or after 30 s without one. */
  private static WorkloadState awaitProblem(KubernetesScaler scaler, WorkloadRef ref)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    WorkloadState state = scaler.readWorkload(ref);
    while (state.problem() == null && System.nanoTime() < deadline) {
      Thread.sleep(500);
      state = scaler.readWorkload(ref);
    }
    return state;
  }

  /** A namespace SpecOps manages: deploy/'s Role applied in it. */
  private static void managedNamespace(String ns) throws Exception {
    kube.admin()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    kube.applyDeploy(
        Path.of(System.getProperty("specops.repo", TestBlueprints.repoRoot().toString()))
            .resolve("deploy"),
        ns);
  }

  /** A load that asks for more pods: 97% CPU on {@code replicas}, all ready. */
  private static MetricsSource hot(int replicas) {
    return bp ->
        new MetricsSnapshot(
            bp.name(),
            replicas,
            replicas,
            replicas,
            new Metrics(0.98, 0.98, 100.0, 190.0, 200.0, 0.001),
            Instant.now(),
            "test");
  }

  /** The quota controller counts pods shortly after they come. */
  private static void awaitQuotaUsed(String ns, String quota, String used)
      throws InterruptedException {
    io.fabric8.kubernetes.api.model.Quantity want =
        new io.fabric8.kubernetes.api.model.Quantity(used);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    io.fabric8.kubernetes.api.model.ResourceQuota q = null;
    while (System.nanoTime() < deadline) {
      q = kube.admin().resourceQuotas().inNamespace(ns).withName(quota).get();
      var counted =
          q.getStatus() == null || q.getStatus().getUsed() == null
              ? null
              : q.getStatus().getUsed().get("requests.cpu");
      if (counted != null
          && io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(counted)
                  .compareTo(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(want))
              == 0) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("quota " + quota + " never counted " + used + ": " + q);
  }

  /**
   * A GitOps controller that applies the Deployment's manifest with replicas in it puts them back
   * on its next sync, and would fight SpecOps as it would an HPA: the scale says so, naming the
   * field manager, and the re-apply shows the fight is real. A client-side kubectl apply's
   * last-applied-configuration is named too; a Deployment nothing declares gets no warning.
   */
  @Test
  void aManifestThatDeclaresReplicasIsNamedWhenSpecopsScales() throws Exception {
    var deployments = kube.admin().apps().deployments().inNamespace("todo-app");
    Deployment manifest = deployment("synced", 2);
    deployments.resource(manifest).fieldManager("argocd-controller").serverSideApply();
    Deployment plain = deployment("applied", 2);
    plain
        .getMetadata()
        .setAnnotations(
            java.util.Map.of(
                "kubectl.kubernetes.io/last-applied-configuration",
                io.fabric8.kubernetes.client.utils.Serialization.asJson(deployment("applied", 2))));
    deployments.resource(plain).create();
    deployments.resource(deployment("undeclared", 2)).create();
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    try {
      assertThat(
              scaleRetrying(
                      scaler,
                      new ScaleRequest(
                          new WorkloadRef("todo-app", "Deployment", "synced"),
                          3,
                          "dec-synced",
                          1,
                          10,
                          false))
                  .message())
          .isEqualTo(
              "deployment.apps/synced scaled; warning: field manager argocd-controller applies"
                  + " spec.replicas: its next apply puts the replicas back; leave replicas out of"
                  + " that manifest");
      // the controller's next sync: the replicas are back to the manifest's
      deployments
          .resource(deployment("synced", 2))
          .fieldManager("argocd-controller")
          .forceConflicts()
          .serverSideApply();
      assertThat(deployments.withName("synced").get().getSpec().getReplicas()).isEqualTo(2);
      assertThat(
              scaleRetrying(
                      scaler,
                      new ScaleRequest(
                          new WorkloadRef("todo-app", "Deployment", "applied"),
                          3,
                          "dec-applied",
                          1,
                          10,
                          false))
                  .message())
          .contains("warning: kubectl apply's last-applied-configuration has replicas: 2");
      assertThat(
              scaleRetrying(
                      scaler,
                      new ScaleRequest(
                          new WorkloadRef("todo-app", "Deployment", "undeclared"),
                          3,
                          "dec-undeclared",
                          1,
                          10,
                          false))
                  .message())
          .isEqualTo("deployment.apps/undeclared scaled");
    } finally {
      for (String name : List.of("synced", "applied", "undeclared")) {
        deployments.withName(name).delete();
      }
    }
  }

  /**
   * A rollback is written only over the operation's own replicas: after another writer's change it
   * is refused, with both counts named, and the other writer's replicas stay.
   */
  @Test
  void aRollbackNeverUndoesAnotherWritersChange() throws Exception {
    var deployments = kube.admin().apps().deployments().inNamespace("todo-app");
    deployments.resource(deployment("rolled", 2)).create();
    WorkloadRef ref = new WorkloadRef("todo-app", "Deployment", "rolled");
    KubernetesScaler scaler = new KubernetesScaler(specops, Clock.systemUTC());
    ScaleRequest rollback =
        new ScaleRequest(ref, 2, "dec-rolled-rollback", 1, 10, false).expecting(3);
    try {
      awaitReady("rolled", 2);
      scaleRetrying(scaler, new ScaleRequest(ref, 3, "dec-rolled", 1, 10, false));
      setReplicas("rolled", 6);
      assertThatThrownBy(() -> scaler.scale(rollback))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              e -> {
                assertThat(e.getType()).isEqualTo("ChangedByAnotherWriter");
                assertThat(e.isNonRetryable()).isTrue();
                assertThat(e.getOriginalMessage())
                    .isEqualTo(
                        "deployment.apps/rolled has 6 replicas where 3 were expected: another"
                            + " writer changed them since; not setting 2 (dec-rolled-rollback),"
                            + " which would undo that change");
              });
      assertThat(deployments.withName("rolled").get().getSpec().getReplicas()).isEqualTo(6);
      // over its own replicas it goes through
      setReplicas("rolled", 3);
      assertThat(scaleRetrying(scaler, rollback).outcome()).isEqualTo(ScaleOutcome.SCALED);
      assertThat(deployments.withName("rolled").get().getSpec().getReplicas()).isEqualTo(2);
    } finally {
      deployments.withName("rolled").delete();
    }
  }

  /**
   * The scale activity as Temporal runs it: a 409 (the controllers updated the status since the
   * read) is retried.
   */
  private static ScaleResult scaleRetrying(KubernetesScaler scaler, ScaleRequest request)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return scaler.scale(request);
      } catch (ApplicationFailure e) {
        if (e.isNonRetryable() || attempt == 10) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * Incident evidence on a Deployment named as its service, over 15 minutes, through the service
   * account.
   */
  private static EvidenceReport evidence(
      String reportId, String namespace, String service, String trigger, String decisionId) {
    return new EvidenceActivitiesImpl(specops, Clock.systemUTC())
        .collect(evidenceRequest(reportId, namespace, service, trigger, decisionId, Instant.now()));
  }

  /**
   * The same evidence collected by a worker whose clock, and the Temporal server's that timed the
   * decision, are {@code ahead} of the cluster's: once on the decision's time (as before the API
   * server's clock was read), once on the API server's clock as its answers tell it.
   */
  private static EvidenceAhead evidenceByAWorkerAhead(
      String namespace, String service, String trigger, Duration ahead) {
    Clock worker = Clock.offset(Clock.systemUTC(), ahead);
    ApiServerClock serverClock = new ApiServerClock(worker);
    try (KubernetesClient measured = measuredClient(serverClock)) {
      EvidenceRequest request =
          evidenceRequest(
              "ev-" + service + "-ahead", namespace, service, trigger, null, Instant.now(worker));
      return new EvidenceAhead(
          new EvidenceActivitiesImpl(measured, worker).collect(request),
          new EvidenceActivitiesImpl(measured, worker)
              .withApiServerClock(serverClock)
              .collect(request));
    }
  }

  /** A client through the service account whose answers set {@code serverClock}. */
  private static KubernetesClient measuredClient(ApiServerClock serverClock) {
    return kube.client(
        kube.serviceAccountToken(), kube.url(), Duration.ofSeconds(10), serverClock::installOn);
  }

  /** Evidence on the decision's (skewed) time and on the API server's clock. */
  record EvidenceAhead(EvidenceReport decisionClock, EvidenceReport serverClock) {}

  private static EvidenceRequest evidenceRequest(
      String reportId,
      String namespace,
      String service,
      String trigger,
      String decisionId,
      Instant at) {
    return new EvidenceRequest(
        reportId,
        service,
        namespace,
        "Deployment",
        service,
        trigger,
        decisionId,
        at,
        Duration.ofMinutes(15),
        100,
        List.of(),
        null,
        null,
        150.0,
        0.7);
  }

  /**
   * A small Deployment of the seed's shape (10m cpu, 16Mi a pod) in todo-app, or {@code namespace}.
   */
  private static Deployment deployment(String name, int replicas) {
    return deployment("todo-app", name, replicas);
  }

  private static Deployment deployment(String namespace, String name, int replicas) {
    return Templates.deployment(
        new Scenario.Service(
            name, namespace, replicas, "10m", "16Mi", null, null, null, null, null, null, null),
        namespace);
  }

  /** What `kubectl scale` does: the scale subresource, no resourceVersion to conflict on. */
  private static void setReplicas(String name, int replicas) {
    setReplicas("todo-app", name, replicas);
  }

  private static void setReplicas(String ns, String name, int replicas) {
    kube.admin().apps().deployments().inNamespace(ns).withName(name).scale(replicas);
  }

  private static void cordon(boolean unschedulable) {
    kube.admin()
        .nodes()
        .withName("kwok-node-0")
        .edit(
            n ->
                new io.fabric8.kubernetes.api.model.NodeBuilder(n)
                    .editOrNewSpec()
                    .withUnschedulable(unschedulable)
                    .endSpec()
                    .build());
  }

  private static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403));
  }

  /**
   * Waits until the Deployment controller has nothing left to write to the Deployment: its pods
   * ready and available, the rollout complete, and no new resourceVersion for a second.
   */
  private static void awaitSettled(String name, int replicas) throws InterruptedException {
    awaitReady(name, replicas);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String seen = null;
    while (System.nanoTime() < deadline) {
      Deployment d = kube.admin().apps().deployments().inNamespace("todo-app").withName(name).get();
      boolean complete =
          d.getStatus().getObservedGeneration() != null
              && d.getStatus().getObservedGeneration().equals(d.getMetadata().getGeneration())
              && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas())
              && d.getStatus().getConditions().stream()
                  .anyMatch(c -> "NewReplicaSetAvailable".equals(c.getReason()));
      String version = d.getMetadata().getResourceVersion();
      if (complete && version.equals(seen)) {
        return;
      }
      seen = complete ? version : null;
      Thread.sleep(1000);
    }
    throw new AssertionError(name + " did not settle within 60 s");
  }

  private static void awaitReady(String name, int replicas) throws InterruptedException {
    kube.awaitReady("todo-app", name, replicas, Duration.ofSeconds(60));
  }
}
