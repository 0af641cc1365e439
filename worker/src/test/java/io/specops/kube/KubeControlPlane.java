package io.specops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.specops.bench.FreePorts;
import io.specops.json.Json;
import io.specops.kubernetes.KubernetesScaler;
import io.specops.simulation.ScaleCall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real Kubernetes control plane for tests (docs/operations.md "A real control plane in the
 * tests"): etcd, kube-apiserver with RBAC and token authentication, kube-controller-manager (the
 * Deployment and ReplicaSet controllers, the HPA controller), kube-scheduler, and kwok, which plays
 * the kubelet of a fake node so pods become Ready. Binaries from scripts/install-kube.sh ({@code
 * SPECOPS_KUBE_BIN}, else its cache). Everything on free ports in a temp directory; stopped in the
 * order that does not hang (the apiserver before etcd).
 */
public final class KubeControlPlane implements AutoCloseable {
  /**
   * The user deploy/'s ServiceAccount authenticates as, the one {@link #serviceAccountToken} is
   * for.
   */
  public static final String SPECOPS_USER = "system:serviceaccount:specops:specops-worker";

  private final Path dir;
  private final Path bin;
  private final List<Process> processes = new ArrayList<>();
  private final String adminToken;
  private final int apiPort;
  private final Path kubeconfig;
  private final KubernetesClient admin;

  private KubeControlPlane(Path dir, Path bin, boolean full, String nodeCpu, String nodeMemory)
      throws Exception {
    this.dir = dir;
    this.bin = bin;
    this.adminToken = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(16));
    Files.writeString(dir.resolve("tokens.csv"), adminToken + ",admin,admin,system:masters\n");
    KeyPair sa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Files.writeString(dir.resolve("sa.key"), pem("PRIVATE KEY", sa.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("sa.pub"), pem("PUBLIC KEY", sa.getPublic().getEncoded()));
    // the API server's audit log keeps every write to a Deployment: the crash drill counts
    // SpecOps' writes per operation from it, as a cluster's auditor would
    Files.writeString(
        dir.resolve("audit-policy.yaml"),
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
          - level: Request
            verbs: ["patch", "update"]
            resources: [{group: "apps", resources: ["deployments", "deployments/scale"]}]
          - level: None
        """);
    int etcdPort = FreePorts.next();
    int peerPort = FreePorts.next();
    apiPort = FreePorts.next();
    start(
        "etcd",
        List.of(
            bin.resolve("etcd").toString(),
            "--data-dir",
            dir.resolve("etcd").toString(),
            "--listen-client-urls",
            "http://127.0.0.1:" + etcdPort,
            "--advertise-client-urls",
            "http://127.0.0.1:" + etcdPort,
            "--listen-peer-urls",
            "http://127.0.0.1:" + peerPort,
            "--initial-advertise-peer-urls",
            "http://127.0.0.1:" + peerPort,
            "--initial-cluster",
            "default=http://127.0.0.1:" + peerPort,
            "--unsafe-no-fsync"));
    start(
        "kube-apiserver",
        List.of(
            bin.resolve("kube-apiserver").toString(),
            "--etcd-servers=http://127.0.0.1:" + etcdPort,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--secure-port=" + apiPort,
            "--cert-dir=" + dir.resolve("certs"),
            "--service-cluster-ip-range=10.0.0.0/24",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + dir.resolve("sa.pub"),
            "--service-account-signing-key-file=" + dir.resolve("sa.key"),
            "--token-auth-file=" + dir.resolve("tokens.csv"),
            "--authorization-mode=RBAC",
            "--disable-admission-plugins=ServiceAccount",
            "--allow-privileged=true",
            "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
            "--audit-log-path=" + dir.resolve("audit.log")));
    awaitReady(Duration.ofSeconds(60));
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfig(adminToken, "admin"));
    admin = client(adminToken);
    if (full) {
      List<String> common =
          List.of("--kubeconfig=" + kubeconfig, "--leader-elect=false", "--bind-address=127.0.0.1");
      List<String> kcm =
          new ArrayList<>(List.of(bin.resolve("kube-controller-manager").toString()));
      kcm.addAll(common);
      kcm.addAll(
          List.of(
              "--secure-port=" + FreePorts.next(),
              "--service-account-private-key-file=" + dir.resolve("sa.key"),
              "--horizontal-pod-autoscaler-sync-period=15s"));
      start("kube-controller-manager", kcm);
      List<String> scheduler = new ArrayList<>(List.of(bin.resolve("kube-scheduler").toString()));
      scheduler.addAll(common);
      scheduler.add("--secure-port=" + FreePorts.next());
      start("kube-scheduler", scheduler);
      start(
          "kwok",
          List.of(
              bin.resolve("kwok").toString(),
              "--kubeconfig=" + kubeconfig,
              "-c",
              bin.resolve("kwok-stages.yaml").toString(),
              "--manage-all-nodes=true",
              "--server-address=127.0.0.1:" + FreePorts.next()));
      addNode("kwok-node-0", nodeCpu, nodeMemory);
    }
  }

  /** Another of kwok's fake nodes (a cluster autoscaler's new node, say), all allocatable. */
  public void addNode(String name, String nodeCpu, String nodeMemory) {
    // the whole node is allocatable: no system reservations on a fake node
    Map<String, Quantity> size =
        Map.of(
            "cpu", new Quantity(nodeCpu),
            "memory", new Quantity(nodeMemory),
            "pods", new Quantity("110"));
    admin
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations("kwok.x-k8s.io/node", "fake")
                .addToLabels("type", "kwok")
                .endMetadata()
                .withNewStatus()
                .addToCapacity(size)
                .addToAllocatable(size)
                .endStatus()
                .build())
        .create();
  }

  /**
   * The control plane with the Deployment controller, the scheduler and kwok's fake node of this
   * size.
   */
  public static KubeControlPlane start(Path dir, String nodeCpu, String nodeMemory)
      throws Exception {
    return new KubeControlPlane(dir, binaries(), true, nodeCpu, nodeMemory);
  }

  /** Where scripts/install-kube.sh put the binaries. */
  public static Path binaries() {
    String env = System.getenv("SPECOPS_KUBE_BIN");
    Path bin =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache/specops/kube-1.34.4/bin");
    if (!Files.isExecutable(bin.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "no kube-apiserver in "
              + bin
              + ": run scripts/install-kube.sh (it builds the control plane"
              + " from the Go module proxy once, ~13 min) and set SPECOPS_KUBE_BIN to the directory it prints");
    }
    return bin;
  }

  public KubernetesClient admin() {
    return admin;
  }

  /**
   * Applies deploy/ as an operator would (namespace, ServiceAccount, ClusterRole and binding), with
   * the Role and RoleBinding in {@code namespace}: deploy/ binds them to todo-app; another
   * namespace SpecOps manages gets the same Role.
   */
  public void applyDeploy(Path deploy, String namespace) throws IOException {
    for (String file :
        List.of("namespace.yaml", "serviceaccount.yaml", "role.yaml", "clusterrole.yaml")) {
      String yaml = Files.readString(deploy.resolve(file));
      if (file.equals("role.yaml")) {
        yaml = yaml.replace("namespace: todo-app", "namespace: " + namespace);
      }
      try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
        admin.load(in).serverSideApply();
      }
    }
  }

  /** A token of deploy/'s ServiceAccount (specops/specops-worker), valid for an hour. */
  public String serviceAccountToken() {
    return admin
        .serviceAccounts()
        .inNamespace("specops")
        .withName("specops-worker")
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  /** Waits until the Deployment has {@code replicas} ready pods (kwok makes them Ready). */
  public void awaitReady(String namespace, String name, int replicas, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Deployment d = admin.apps().deployments().inNamespace(namespace).withName(name).get();
      if (d != null
          && d.getStatus() != null
          && d.getStatus().getReadyReplicas() != null
          && d.getStatus().getReadyReplicas() == replicas) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        name
            + " not ready within "
            + limit
            + "\nkcm:\n"
            + log("kube-controller-manager")
            + "\nkwok:\n"
            + log("kwok")
            + "\nscheduler:\n"
            + log("kube-scheduler"));
  }

  /** The API server's audit log: one JSON event per write to a Deployment. */
  public Path auditLog() {
    return dir.resolve("audit.log");
  }

  /**
   * The writes of Deployments in {@code namespace} by {@code user}, as the API server's audit log
   * recorded them: each with the replicas and the operation annotation it carried and the code the
   * server answered (a write that was refused, a 409, is there too).
   */
  public List<ScaleCall> auditedWrites(String user, String namespace) {
    List<ScaleCall> calls = new ArrayList<>();
    Path log = auditLog();
    if (!Files.exists(log)) {
      return calls;
    }
    try {
      for (String line : Files.readAllLines(log)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode e;
        try {
          e = Json.mapper().readTree(line);
        } catch (IOException partial) {
          continue; // the line being written
        }
        JsonNode ref = e.path("objectRef");
        if (!"ResponseComplete".equals(e.path("stage").asText())
            || !user.equals(e.path("user").path("username").asText())
            || !"deployments".equals(ref.path("resource").asText())
            || !namespace.equals(ref.path("namespace").asText())) {
          continue;
        }
        JsonNode body = e.path("requestObject");
        JsonNode replicas = body.path("spec").path("replicas");
        JsonNode operation =
            body.path("metadata").path("annotations").path(KubernetesScaler.OPERATION_ANNOTATION);
        calls.add(
            new ScaleCall(
                Instant.parse(e.path("requestReceivedTimestamp").asText()),
                namespace,
                ref.path("name").asText(),
                replicas.isNumber() ? replicas.asInt() : null,
                operation.isTextual() ? operation.asText() : null,
                e.path("verb").asText().toUpperCase(Locale.ROOT),
                e.path("responseStatus").path("code").asInt()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return calls;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String url() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** A client authenticating with a bearer token (a service account's, from a TokenRequest). */
  public KubernetesClient client(String token) {
    return client(token, url(), Duration.ofSeconds(10), b -> {});
  }

  /**
   * A client with a bearer token through {@code masterUrl} (a {@link NetworkLink} in front of this
   * API server), its own request timeout and its HTTP client set up by {@code http}.
   */
  public KubernetesClient client(
      String token,
      String masterUrl,
      Duration requestTimeout,
      Consumer<io.fabric8.kubernetes.client.http.HttpClient.Builder> http) {
    Config config =
        new io.fabric8.kubernetes.client.ConfigBuilder()
            .withMasterUrl(masterUrl)
            .withOauthToken(token)
            .withTrustCerts(true)
            .withRequestTimeout((int) requestTimeout.toMillis())
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(http)
        .build();
  }

  /** A kubeconfig for {@code user} with {@code token}. */
  public String kubeconfig(String token, String user) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster: {server: \""
        + url()
        + "\", insecure-skip-tls-verify: true}\nusers:\n- name: "
        + user
        + "\n  user: {token: \""
        + token
        + "\"}\ncontexts:\n"
        + "- name: local\n  context: {cluster: local, user: "
        + user
        + "}\ncurrent-context: local\n";
  }

  /** The last lines of a component's log, for a failing test's message. */
  public String log(String component) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(component + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void start(String name, List<String> command) throws IOException {
    processes.add(
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start());
  }

  private void awaitReady(Duration limit) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(trustAll())
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                    .header("Authorization", "Bearer " + adminToken)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "kube-apiserver not ready within " + limit + ":\n" + log("kube-apiserver"));
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
    // everything but etcd first, the apiserver last among them; then etcd (etcd first hangs the
    // apiserver)
    for (int i = processes.size() - 1; i >= 1; i--) {
      stop(processes.get(i));
    }
    if (!processes.isEmpty()) {
      stop(processes.get(0));
    }
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static SSLContext trustAll() throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        new SecureRandom());
    return ssl;
  }
}
