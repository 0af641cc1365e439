package io.specops.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.json.Json;
import io.specops.metrics.Metrics;
import io.specops.simulation.LoadProfile;
import io.specops.simulation.Scenario;
import io.specops.simulation.ServiceModel;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * metrics.k8s.io for a real control plane whose pods are kwok's and serve no traffic: an aggregated
 * API (an APIService and an ExternalName Service pointing at this server) that answers PodMetrics
 * for each Ready pod from the simulated cluster's load model (the service's request rate now, its
 * ready pods counted on the real API server). Everything that reads metrics.k8s.io through the API
 * server (SpecOps' Kubernetes metrics source, the HPA controller in kube-controller-manager) reads
 * the same numbers, the way both read metrics-server in a cluster. docs/operations.md says why not
 * metrics-server itself: kwok's pods have no kubelet metrics to scrape.
 */
public final class MetricsApiServer implements AutoCloseable {
  private static final String PREFIX = "/apis/metrics.k8s.io/v1beta1";
  private final KubernetesClient admin;
  private final Clock clock;
  private final Instant start;
  private final HttpsServer server;
  private final Map<String, ServiceModel> models = new ConcurrentHashMap<>();
  private final Map<String, LoadProfile> loads = new ConcurrentHashMap<>();

  private MetricsApiServer(KubernetesClient admin, Clock clock, Path dir) throws Exception {
    this.admin = admin;
    this.clock = clock;
    this.start = clock.instant();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /**
   * Serves the load model of {@code scenario}'s services (their scenario load until {@link
   * #setLoad}) and registers the API with the control plane; returns once the API server reports it
   * Available.
   */
  public static MetricsApiServer register(
      KubernetesClient admin, Clock clock, Scenario scenario, Path dir) throws Exception {
    MetricsApiServer api = new MetricsApiServer(admin, clock, dir);
    for (Scenario.Service s : scenario.services()) {
      api.serve(s, LoadProfile.of(s.load(), null));
    }
    api.registerWith(admin);
    return api;
  }

  /** Serves {@code service} (its Deployment's pods are labelled app=name) under {@code load}. */
  public void serve(Scenario.Service service, LoadProfile load) {
    models.put(service.name(), ServiceModel.calibrate(service, load.rps(Duration.ZERO)));
    loads.put(service.name(), load);
  }

  /** Changes a service's request rate (a function of the time since this server started). */
  public void setLoad(String service, LoadProfile load) {
    loads.put(service, load);
  }

  /** The load model's metrics for {@code service} with {@code readyPods} ready pods, now. */
  public Metrics observe(String service, int readyPods) {
    double rps = loads.get(service).rps(Duration.between(start, clock.instant()));
    return models.get(service).observe(readyPods, rps);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void registerWith(KubernetesClient admin) throws Exception {
    String yaml =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: specops-load-model-metrics, namespace: kube-system}
        spec: {type: ExternalName, externalName: localhost}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1beta1.metrics.k8s.io}
        spec:
          group: metrics.k8s.io
          version: v1beta1
          service: {name: specops-load-model-metrics, namespace: kube-system, port: %d}
          insecureSkipTLSVerify: true
          groupPriorityMinimum: 100
          versionPriority: 100
        """
            .formatted(port());
    try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      admin.load(in).serverSideApply();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        admin.top().pods().inNamespace("kube-system").metrics();
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(250);
      }
    }
    throw new IllegalStateException("metrics.k8s.io not available through the API server in 60 s");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      Object body;
      if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
        body = resources();
      } else if (path.startsWith(PREFIX + "/namespaces/")) {
        String[] parts = path.substring((PREFIX + "/namespaces/").length()).split("/");
        if (parts.length < 2 || !parts[1].equals("pods")) {
          send(exchange, 404, status(404, "not found: " + path));
          return;
        }
        ArrayNode items = podMetrics(parts[0], query.get("labelSelector"));
        if (parts.length == 3) {
          body = null;
          for (var item : items) {
            if (item.path("metadata").path("name").asText().equals(parts[2])) {
              body = item;
            }
          }
          if (body == null) {
            send(exchange, 404, status(404, "podmetrics " + parts[2] + " not found"));
            return;
          }
        } else {
          ObjectNode list = Json.mapper().createObjectNode();
          list.put("kind", "PodMetricsList").put("apiVersion", "metrics.k8s.io/v1beta1");
          list.putObject("metadata");
          list.set("items", items);
          body = list;
        }
      } else if (path.equals(PREFIX + "/nodes") || path.equals(PREFIX + "/pods")) {
        ObjectNode list = Json.mapper().createObjectNode();
        list.put("kind", path.endsWith("nodes") ? "NodeMetricsList" : "PodMetricsList")
            .put("apiVersion", "metrics.k8s.io/v1beta1");
        list.putObject("metadata");
        list.putArray("items");
        body = list;
      } else {
        send(exchange, 404, status(404, "not found: " + path));
        return;
      }
      send(exchange, 200, Json.write(body));
    } catch (RuntimeException e) {
      send(exchange, 500, status(500, String.valueOf(e.getMessage())));
    }
  }

  /** One PodMetrics per Ready pod of the namespace matching the selector (app=NAME). */
  private ArrayNode podMetrics(String namespace, String selector) {
    Map<String, String> labels = new HashMap<>();
    if (selector != null && !selector.isBlank()) {
      for (String term : selector.split(",")) {
        String[] kv = term.split("==?", 2);
        labels.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
      }
    }
    List<Pod> pods =
        admin.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
            .filter(MetricsApiServer::ready)
            .toList();
    Map<String, Integer> readyByApp = new HashMap<>();
    pods.forEach(p -> readyByApp.merge(app(p), 1, Integer::sum));
    ArrayNode items = Json.mapper().createArrayNode();
    String now = clock.instant().toString();
    for (Pod pod : pods) {
      String app = app(pod);
      if (app == null || !models.containsKey(app)) {
        continue;
      }
      Metrics m = observe(app, readyByApp.get(app));
      ObjectNode item = items.addObject();
      item.putObject("metadata")
          .put("name", pod.getMetadata().getName())
          .put("namespace", namespace)
          .put("creationTimestamp", now)
          .set("labels", Json.mapper().valueToTree(pod.getMetadata().getLabels()));
      item.put("timestamp", now).put("window", "1s");
      ArrayNode containers = item.putArray("containers");
      for (Container c : pod.getSpec().getContainers()) {
        Map<String, Quantity> requests =
            c.getResources() == null || c.getResources().getRequests() == null
                ? Map.of()
                : c.getResources().getRequests();
        ObjectNode usage = containers.addObject().put("name", c.getName()).putObject("usage");
        usage.put("cpu", millicores(requests.get("cpu"), m.cpuUtilization()));
        usage.put("memory", bytes(requests.get("memory"), m.memoryUtilization()));
      }
    }
    return items;
  }

  private static String app(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("app");
  }

  private static boolean ready(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String millicores(Quantity request, Double utilization) {
    BigDecimal cores = request == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(request);
    double used = utilization == null ? 0 : utilization;
    return cores
            .multiply(BigDecimal.valueOf(used * 1000))
            .setScale(0, RoundingMode.HALF_UP)
            .toPlainString()
        + "m";
  }

  private static String bytes(Quantity request, Double utilization) {
    BigDecimal amount = request == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(request);
    double used = utilization == null ? 0 : utilization;
    return amount.multiply(BigDecimal.valueOf(used)).setScale(0, RoundingMode.HALF_UP).toString();
  }

  private static ObjectNode resources() {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("kind", "APIResourceList")
        .put("apiVersion", "v1")
        .put("groupVersion", "metrics.k8s.io/v1beta1");
    ArrayNode resources = list.putArray("resources");
    for (String[] r :
        new String[][] {{"pods", "PodMetrics", "true"}, {"nodes", "NodeMetrics", "false"}}) {
      ObjectNode o = resources.addObject();
      o.put("name", r[0]).put("singularName", "").put("namespaced", Boolean.parseBoolean(r[2]));
      o.put("kind", r[1]);
      o.putArray("verbs").add("get").add("list");
    }
    return list;
  }

  private static String status(int code, String message) {
    ObjectNode s = Json.mapper().createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure");
    s.put("message", message).put("code", code);
    return Json.write(s);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** A throw-away certificate for localhost, made with the JDK's keytool. */
  private static SSLContext selfSigned(Path dir) throws Exception {
    Path store = dir.resolve("metrics-api.p12");
    char[] password = "metrics-api".toCharArray();
    if (!Files.exists(store)) {
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "metrics-api",
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-validity",
                  "2",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  "SAN=dns:localhost,ip:127.0.0.1",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  new String(password))
              .redirectErrorStream(true)
              .start();
      String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (keytool.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + out);
      }
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    return ssl;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
