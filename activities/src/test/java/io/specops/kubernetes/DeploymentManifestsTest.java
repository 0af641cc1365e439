package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.specops.blueprint.TestBlueprints;
import io.specops.coordination.ClusterCapacity;
import io.specops.evidence.EvidenceActivitiesImpl;
import io.specops.evidence.EvidenceRequest;
import io.specops.metrics.KubernetesMetricsSource;
import io.specops.metrics.SimulatedMetricsSource;
import io.specops.simulation.ManualClock;
import io.specops.simulation.ScenarioLoader;
import io.specops.simulation.SimulatedCluster;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/ grants exactly what the code uses; docker-compose.yml wires what the worker needs. */
class DeploymentManifestsTest {
  private static final Path ROOT = TestBlueprints.repoRoot();

  @Test
  void theRolesGrantExactlyThePermissionsTheCodeDeclares() throws Exception {
    assertThat(granted()).containsExactlyInAnyOrderElementsOf(KubernetesPermissions.REQUIRED);
  }

  @Test
  void everyRequestTheWorkerMakesIsCoveredByThoseRoles() throws Exception {
    ManualClock time = new ManualClock(Instant.parse("2026-02-10T18:30:00Z"));
    try (SimulatedCluster cluster =
            SimulatedCluster.start(ScenarioLoader.load("seed-001"), time.clock());
        KubernetesClient client = cluster.newClient()) {
      KubernetesScaler scaler = new KubernetesScaler(client, time.clock());
      WorkloadRef frontend = WorkloadRef.of(TestBlueprints.frontend());
      scaler.scale(new ScaleRequest(frontend, 3, "dec-rbac", 1, 5, false));
      scaler.readWorkload(frontend);
      ClusterCapacity capacity = new ClusterCapacityReader(client).read();
      assertThat(capacity.cpuAllocatableMillis()).isEqualTo(4000);
      new KubernetesMetricsSource(client, time.clock()).collect(TestBlueprints.frontend());
      new SimulatedMetricsSource(cluster, client, time.clock()).collect(TestBlueprints.backend());
      // incident evidence: pods and their logs, events, ReplicaSets
      cluster.rollout("todo-app", "todo-frontend", "todo-frontend:2", Duration.ZERO, 0);
      var report =
          new EvidenceActivitiesImpl(client, time.clock())
              .collect(
                  new EvidenceRequest(
                      "ev-rbac",
                      "todo-frontend",
                      "todo-app",
                      "Deployment",
                      "todo-frontend",
                      "on_demand",
                      null,
                      time.clock().instant(),
                      Duration.ofMinutes(15),
                      200,
                      List.of(),
                      null,
                      null,
                      200.0,
                      0.7));
      assertThat(report.gaps()).isEmpty();
      assertThat(report.rollouts()).hasSize(2);

      Set<KubernetesPermissions.Permission> granted = granted();
      List<String> requests = cluster.specopsRequests();
      assertThat(requests).isNotEmpty();
      for (String request : requests) {
        KubernetesPermissions.Permission needed = permissionOf(request);
        boolean covered =
            granted.contains(needed)
                || granted.contains(
                    new KubernetesPermissions.Permission(
                        needed.apiGroup(), needed.resource(), needed.verb(), true));
        assertThat(covered)
            .as(request + " needs " + needed + ", which deploy/ does not grant")
            .isTrue();
      }
    }
  }

  @Test
  void theDeploymentRunsAsItsServiceAccountWithTheBlueprintsMountedAndHealthProbes()
      throws Exception {
    List<HasMetadata> items = load("deploy/deployment.yaml");
    Deployment d =
        items.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("specops-worker");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    var container = pod.getContainers().get(0);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health");
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/specops/blueprints"));
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("specops-blueprints"));
    assertThat(container.getArgs())
        .contains("--specops.cluster=kubernetes", "--specops.blueprints=/etc/specops/blueprints");
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SPECOPS_API_TOKENS");
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("specops-api");
            });
    // the audit trail: stdout and Events by default, PostgreSQL's password only from a Secret
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SPECOPS_AUDIT_SINKS");
              assertThat(e.getValue()).contains("stdout").contains("events");
            });
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SPECOPS_AUDIT_POSTGRES_PASSWORD");
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("specops-audit-db");
            });
    // Temporal as the temporal CLI reads it; the API key only from a Secret, never a literal
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("TEMPORAL_API_KEY");
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("specops-temporal");
              assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
            });
    assertThat(container.getEnv())
        .extracting(io.fabric8.kubernetes.api.model.EnvVar::getName)
        .contains("TEMPORAL_ADDRESS")
        .doesNotContain("SPRING_TEMPORAL_CONNECTION_TARGET");
    String kustomization = Files.readString(ROOT.resolve("deploy/kustomization.yaml"));
    Matcher files = Pattern.compile("=\\.\\./(\\S+)").matcher(kustomization);
    while (files.find()) {
      assertThat(ROOT.resolve(files.group(1))).exists();
    }
  }

  @Test
  void theTlsComponentsMountSecretsAtThePathsTheirVariablesName() throws Exception {
    Deployment mtls = (Deployment) load("deploy/components/temporal-mtls/worker-tls.yaml").get(0);
    var pod = mtls.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(pod.getVolumes().get(0).getSecret().getSecretName())
        .isEqualTo("specops-temporal-tls");
    String mount = container.getVolumeMounts().get(0).getMountPath();
    // exactly the variables SpecOps' connection reads, each pointing into the mounted Secret
    assertThat(container.getEnv())
        .extracting(io.fabric8.kubernetes.api.model.EnvVar::getName)
        .containsExactlyInAnyOrder(
            io.specops.connection.Setting.CLIENT_CERT.env(),
            io.specops.connection.Setting.CLIENT_KEY.env(),
            io.specops.connection.Setting.SERVER_CA.env());
    assertThat(container.getEnv())
        .allSatisfy(e -> assertThat(e.getValue()).startsWith(mount + "/"));

    Deployment https = (Deployment) load("deploy/components/https/worker-https.yaml").get(0);
    var web = https.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(
            https.getSpec().getTemplate().getSpec().getVolumes().get(0).getSecret().getSecretName())
        .isEqualTo("specops-http-tls");
    assertThat(web.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(web.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SERVER_SSL_BUNDLE");
              assertThat(e.getValue()).isEqualTo("specopshttp");
            });
    for (String component : List.of("temporal-mtls", "https")) {
      assertThat(
              Files.readString(
                  ROOT.resolve("deploy/components/" + component + "/kustomization.yaml")))
          .contains("kind: Component");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void dockerComposeWiresTemporalItsUiPrometheusAndTheWorker() throws Exception {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services)
        .containsOnlyKeys(
            "postgresql",
            "temporal",
            "temporal-admin-tools",
            "temporal-ui",
            "prometheus",
            "grafana",
            "worker");
    // Grafana, provisioned with the Prometheus datasource and deploy/grafana's dashboard
    for (String volume : (List<String>) services.get("grafana").get("volumes")) {
      assertThat(ROOT.resolve(volume.substring(2, volume.indexOf(':')))).exists();
    }
    assertThat((List<String>) services.get("grafana").get("volumes"))
        .anySatisfy(v -> assertThat(v).startsWith("./deploy/grafana:"));
    assertThat((List<String>) services.get("temporal").get("ports")).contains("7233:7233");
    assertThat((List<String>) services.get("temporal-ui").get("ports")).contains("8233:8080");
    assertThat((List<String>) services.get("worker").get("ports")).contains("8080:8080");
    assertThat((List<String>) services.get("worker").get("command"))
        .contains(
            "--specops.metrics.prometheus-url=http://prometheus:9090",
            "--specops.simulated-metrics-address=0.0.0.0");
    assertThat(((Map<String, String>) services.get("temporal").get("environment")))
        .containsEntry("POSTGRES_SEEDS", "postgresql");
    for (Map<String, Object> service : services.values()) {
      Object deps = service.get("depends_on");
      Set<String> names =
          deps instanceof Map<?, ?> m
              ? (Set<String>) m.keySet()
              : deps == null ? Set.of() : new HashSet<>((List<String>) deps);
      assertThat(services.keySet()).containsAll(names);
    }
    String mount = ((List<String>) services.get("prometheus").get("volumes")).get(0);
    Path prometheusConfig = ROOT.resolve(mount.substring(2, mount.indexOf(':')));
    String scrape = Files.readString(prometheusConfig);
    assertThat(scrape)
        .contains("worker:8080")
        .contains("/actuator/prometheus")
        .contains("worker:9464");
    assertThat(ROOT.resolve("Dockerfile")).exists();
    // SpecOps' audit database: a second database on the compose PostgreSQL, created by an init
    // script
    Map<String, String> worker = (Map<String, String>) services.get("worker").get("environment");
    assertThat(worker).containsEntry("TEMPORAL_ADDRESS", "temporal:7233");
    assertThat(worker)
        .containsEntry("SPECOPS_AUDIT_POSTGRES_URL", "jdbc:postgresql://postgresql:5432/specops");
    assertThat(worker.get("SPECOPS_AUDIT_SINKS")).contains("postgres");
    String init =
        ((List<String>) services.get("postgresql").get("volumes"))
            .stream().filter(v -> v.contains("initdb.d")).findFirst().orElseThrow();
    assertThat(Files.readString(ROOT.resolve(init.substring(2, init.indexOf(':')))))
        .contains("CREATE DATABASE specops")
        .contains("PASSWORD '" + worker.get("SPECOPS_AUDIT_POSTGRES_PASSWORD") + "'");
  }

  private static Set<KubernetesPermissions.Permission> granted() throws Exception {
    Set<KubernetesPermissions.Permission> out = new HashSet<>();
    for (String file : List.of("deploy/role.yaml", "deploy/clusterrole.yaml")) {
      for (HasMetadata item : load(file)) {
        List<PolicyRule> rules =
            item instanceof Role r
                ? r.getRules()
                : item instanceof ClusterRole c ? c.getRules() : List.of();
        for (PolicyRule rule : rules) {
          for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
              for (String verb : rule.getVerbs()) {
                out.add(
                    new KubernetesPermissions.Permission(
                        group, resource, verb, item instanceof ClusterRole));
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static final Pattern PATH =
      Pattern.compile(
          "(GET|WATCH|PUT|PATCH|POST|DELETE) /(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/]+)(/[^/]+)?(/[^/]+)?$");

  static KubernetesPermissions.Permission permissionOf(String request) {
    Matcher m = PATH.matcher(request);
    if (!m.matches()) {
      throw new AssertionError("unexpected request " + request);
    }
    String group = m.group(2) == null ? "" : m.group(2);
    boolean named = m.group(4) != null;
    String verb =
        switch (m.group(1)) {
          case "GET" -> named ? "get" : "list";
          case "WATCH" -> "watch";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "POST" -> "create";
          default -> "delete";
        };
    // a subresource (pods/log) is its own RBAC resource
    String resource = m.group(5) == null ? m.group(3) : m.group(3) + m.group(5);
    return new KubernetesPermissions.Permission(
        group, resource, verb, !request.contains("/namespaces/"));
  }

  private static List<HasMetadata> load(String file) throws Exception {
    try (KubernetesClient offline = new KubernetesClientBuilder().build();
        InputStream in = Files.newInputStream(ROOT.resolve(file))) {
      return offline.load(in).items();
    }
  }
}
