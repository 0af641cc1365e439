package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.specops.client.FleetClient;
import io.specops.connection.ConnectionSettings;
import io.specops.connection.TemporalConnection;
import io.specops.connection.TestPki;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SpecOps against a secured Temporal: the dev server behind Debian's nginx terminating TLS, one
 * port requiring a client certificate from the test's CA (mTLS), one requiring an API key. The
 * worker and the CLI are configured only through Temporal's environment variables, as a user would;
 * the fleet starts, a service scales, an approval goes through `specops approve`. Bad credentials
 * end in one line naming the setting, with nothing started. No key, certificate or API key appears
 * in any log, output or audit record of the run.
 */
class SecuredTemporalIT {
  private final String apiKey = "e2e-api-key-" + UUID.randomUUID();

  @TempDir Path work;
  private TestPki pki;
  private TestPki.Issued ca;
  private TestPki.Issued server;
  private TestPki.Issued client;
  private Path emptyConfig;
  private final List<String> printed = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    pki = new TestPki(work.resolve("pki"));
    ca = pki.ca("specops-test-ca");
    server = pki.server(ca, "temporal-frontend");
    client = pki.client(ca, "specops-worker");
    // never a temporal.toml of the machine's user
    emptyConfig = Files.writeString(work.resolve("temporal.toml"), "");
  }

  @Test
  void overMutualTlsTheFleetScalesAndAnApprovalGoesThrough() throws Exception {
    try (Secured secured = Secured.start(work, server, ca, apiKey)) {
      Map<String, String> env = mtls(secured.proxy().mtlsAddress(), ca, client);
      // and the worker's own REST API over HTTPS, with a certificate from the same CA, set as
      // deploy/components/https sets it (a Spring SSL bundle from environment variables)
      Map<String, String> workerEnv = new HashMap<>(env);
      workerEnv.put(
          "SPRING_SSL_BUNDLE_PEM_SPECOPSHTTP_KEYSTORE_CERTIFICATE", "file:" + server.certFile());
      workerEnv.put(
          "SPRING_SSL_BUNDLE_PEM_SPECOPSHTTP_KEYSTORE_PRIVATEKEY", "file:" + server.keyFile());
      workerEnv.put("SERVER_SSL_BUNDLE", "specopshttp");
      WorkerProcess worker = scaleWithAnApproval(env, workerEnv);
      try {
        assertThat(Files.readString(worker.log()))
            .contains("namespace default, mTLS")
            .doesNotContain("plain text");
        restOverHttps(worker.httpPort());
      } finally {
        worker.close();
      }
      assertNoSecretIn(worker.log());
    }
  }

  @Test
  void withAnApiKeyTheFleetScalesAndAnApprovalGoesThrough() throws Exception {
    try (Secured secured = Secured.start(work, server, ca, apiKey)) {
      Map<String, String> env = env(secured.proxy().apiKeyAddress());
      env.put("TEMPORAL_API_KEY", apiKey);
      env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", ca.certFile().toString());
      WorkerProcess worker = scaleWithAnApproval(env, env);
      worker.close();
      assertThat(Files.readString(worker.log())).contains("TLS, API key from TEMPORAL_API_KEY");
      assertNoSecretIn(worker.log());
    }
  }

  @Test
  void badCredentialsEndInOneLineNamingTheSettingAndStartNothing() throws Exception {
    TestPki.Issued otherCa = pki.ca("someone-elses-ca");
    TestPki.Issued stranger = pki.client(otherCa, "stranger");
    TestPki.Issued expired = pki.expiredClient(ca, "expired-client");
    try (Secured secured = Secured.start(work, server, ca, apiKey)) {
      String mtls = secured.proxy().mtlsAddress();

      Map<String, String> wrongCa = mtls(mtls, otherCa, client);
      assertOneLine(
          cli(wrongCa, "list"),
          3,
          "specops: the server at "
              + mtls
              + " presented a certificate that the CA in "
              + otherCa.certFile()
              + " (set by TEMPORAL_TLS_SERVER_CA_CERT_PATH) did not sign");

      Map<String, String> noClientCert = mtls(mtls, ca, null);
      assertOneLine(
          cli(noClientCert, "list"),
          3,
          "specops: the server at " + mtls + " requires a client certificate: set --tls-cert-path");

      Map<String, String> strangerCert = mtls(mtls, ca, stranger);
      assertOneLine(
          cli(strangerCert, "list"),
          3,
          "specops: the server at "
              + mtls
              + " refused the client certificate "
              + stranger.certFile()
              + " (set by TEMPORAL_TLS_CLIENT_CERT_PATH)");

      Map<String, String> expiredCert = mtls(mtls, ca, expired);
      assertOneLine(
          cli(expiredCert, "list"),
          1,
          "specops: the client certificate "
              + expired.certFile()
              + " (set by TEMPORAL_TLS_CLIENT_CERT_PATH) expired on ");

      Map<String, String> wrongKey = env(secured.proxy().apiKeyAddress());
      wrongKey.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", ca.certFile().toString());
      wrongKey.put("TEMPORAL_API_KEY", "not-" + apiKey);
      assertOneLine(
          cli(wrongKey, "list"),
          3,
          "specops: Temporal at "
              + secured.proxy().apiKeyAddress()
              + " refused the API key from TEMPORAL_API_KEY for namespace default (UNAUTHENTICATED)");

      // `specops worker` refuses to start half-way: no embedded server, no fleet, no HTTP port
      int httpPort = TestWorker.freePort();
      int embeddedPort = TestWorker.freePort();
      Cli worker =
          cli(
              strangerCert,
              "worker",
              "--port",
              Integer.toString(httpPort),
              "--embedded-port",
              Integer.toString(embeddedPort),
              "--blueprints",
              TestWorker.arguments(work, "seed-001", true).stream()
                  .filter(a -> a.startsWith("--specops.blueprints="))
                  .findFirst()
                  .orElseThrow()
                  .substring("--specops.blueprints=".length()));
      assertOneLine(
          worker, 2, "specops worker: the server at " + mtls + " refused the client certificate");
      assertThat(TestWorker.freePortIsFree(httpPort)).isTrue();
      assertThat(TestWorker.freePortIsFree(embeddedPort)).isTrue();
      assertThat(work.resolve("audit")).doesNotExist();
      assertNoSecretIn(null);
    }
  }

  /** The worker and the CLI with these variables: fleet start, approval by CLI, verified. */
  private WorkerProcess scaleWithAnApproval(Map<String, String> env, Map<String, String> workerEnv)
      throws Exception {
    List<String> args = TestWorker.arguments(work, "seed-001", true);
    WorkerProcess worker = WorkerProcess.start(args, workerEnv, work.resolve("worker.log"));
    try {
      worker.awaitStarted(Duration.ofSeconds(120));
      Cli started =
          cli(env, "fleet", "start", "--blueprints", work.resolve("blueprints").toString());
      assertThat(started.exit()).as(started.output()).isZero();

      // the test's own client, resolved from the same variables the way the CLI does
      TemporalConnection connection =
          TemporalConnection.resolve(ConnectionSettings.NONE, env, Clock.systemUTC());
      FleetClient fleet =
          new FleetClient(connection.newClient(connection.stubsOptions()), connection.target());
      try {
        String decisionId =
            await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> TestWorker.pendingApproval(fleet), id -> id != null);
        Cli approved = cli(env, "approve", "todo-frontend", decisionId, "--as", "alice");
        assertThat(approved.exit()).as(approved.output()).isZero();
        assertThat(approved.output())
            .contains("approved " + decisionId + " (scale_up 2 -> 3) of todo-frontend as alice");
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> "verified".equals(RealTemporalIT.outcome(fleet, "todo-frontend")));
        Cli status = cli(env, "status", "todo-frontend");
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("todo-frontend");
      } finally {
        fleet.temporal().getWorkflowServiceStubs().shutdownNow();
      }
      return worker;
    } catch (Throwable e) {
      System.err.println("worker log:\n" + worker.tail());
      worker.close();
      throw e;
    }
  }

  /** GET needs no token; a change needs one; plain HTTP gets nothing. */
  private void restOverHttps(int port) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (FileInputStream in = new FileInputStream(ca.certFile().toFile())) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    try (HttpClient http = HttpClient.newBuilder().sslContext(ssl).build()) {
      String base = "https://127.0.0.1:" + port + "/api/v1/services";
      HttpResponse<String> status =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/status")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("todo-frontend");
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/todo-frontend/evaluate"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      HttpResponse<String> alice =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/todo-frontend/evaluate"))
                  .header("Authorization", "Bearer alice-token")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(alice.statusCode()).isBetween(200, 299);
    }
    try (HttpClient plain = HttpClient.newHttpClient()) {
      // Tomcat answers plain HTTP on its TLS port with a 400 and nothing of the API
      HttpResponse<String> refused =
          plain.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/api/v1/services/status"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).doesNotContain("todo-frontend");
    }
  }

  private Map<String, String> env(String address) {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_CONFIG_FILE", emptyConfig.toString());
    env.put("TEMPORAL_ADDRESS", address);
    return env;
  }

  /** Temporal's variables for mTLS: the CA trusted for the server, the client's certificate. */
  private Map<String, String> mtls(
      String address, TestPki.Issued trusted, TestPki.Issued clientCertificate) {
    Map<String, String> env = env(address);
    env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", trusted.certFile().toString());
    if (clientCertificate != null) {
      env.put("TEMPORAL_TLS_CLIENT_CERT_PATH", clientCertificate.certFile().toString());
      env.put("TEMPORAL_TLS_CLIENT_KEY_PATH", clientCertificate.keyFile().toString());
    }
    return env;
  }

  private static void assertOneLine(Cli result, int exit, String startsWith) {
    assertThat(result.output().strip().lines().toList())
        .as("the CLI's whole output")
        .hasSize(1)
        .first()
        .asString()
        .startsWith(startsWith);
    assertThat(result.exit()).as(result.output()).isEqualTo(exit);
  }

  /** No API key, private key or certificate body in the file, nor in anything the CLI printed. */
  private void assertNoSecretIn(Path log) throws Exception {
    List<String> secrets = new ArrayList<>(List.of(apiKey));
    for (TestPki.Issued issued : List.of(client, server, ca)) {
      secrets.add(body(issued.keyPem()));
      secrets.add(body(issued.certPem()));
    }
    List<Path> files = new ArrayList<>();
    if (log != null) {
      files.add(log);
    }
    Path audit = work.resolve("audit");
    if (Files.isDirectory(audit)) {
      try (Stream<Path> walk = Files.walk(audit)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    for (Path file : files) {
      String content = Files.readString(file);
      for (String secret : secrets) {
        assertThat(content).as(file.toString()).doesNotContain(secret);
      }
    }
    String allPrinted = String.join("\n", printed);
    for (String secret : secrets) {
      assertThat(allPrinted).as("the CLI's output").doesNotContain(secret);
    }
  }

  /** A PEM's second line: base64 of the key or certificate itself. */
  private static String body(String pem) {
    return pem.lines().skip(1).findFirst().orElseThrow();
  }

  private record Cli(int exit, String output) {}

  /**
   * `specops ARGS` as a user runs it: the built CLI jar with the launcher's JVM flags, in a process
   * of its own, with only these Temporal settings in its environment.
   */
  private Cli cli(Map<String, String> env, String... args) throws Exception {
    Path jar = Tools.repo().resolve("starter/target/specops-cli.jar");
    assertThat(jar).as("the CLI jar (the reactor packages it before this tier)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    // the launcher's flags, for the JVM versions that know them (./specops does the same)
    List<String> command = new ArrayList<>(List.of(java));
    int feature = Runtime.version().feature();
    if (feature >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    if (feature >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("TEMPORAL_"));
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("specops " + String.join(" ", args) + " did not finish");
    }
    printed.add(out);
    return new Cli(p.exitValue(), out);
  }

  /** The dev server on a loopback port and nginx in front of it. */
  private record Secured(ExternalProcess temporal, NginxGrpcProxy proxy) implements AutoCloseable {
    static Secured start(Path work, TestPki.Issued server, TestPki.Issued ca, String apiKey)
        throws Exception {
      int port = TestWorker.freePort();
      ExternalProcess temporal =
          RealTemporalIT.devServer(
              Tools.temporal(), port, TestWorker.freePort(), work.resolve("temporal.db"));
      try {
        return new Secured(
            temporal,
            NginxGrpcProxy.start(
                work.resolve("nginx"),
                port,
                server.certFile(),
                server.keyFile(),
                ca.certFile(),
                apiKey));
      } catch (Exception e) {
        temporal.close();
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      proxy.close();
      temporal.close();
    }
  }
}
