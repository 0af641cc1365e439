package io.specops.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.specops.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * fabric8's CRUD dispatcher (the simulated API server's storage) that also records every write to a
 * Deployment's replicas with the operation id SpecOps annotates it with, so tests can prove that no
 * decision was applied twice.
 */
final class RecordingDispatcher extends KubernetesCrudDispatcher {
  private static final Pattern DEPLOYMENT =
      Pattern.compile("/apis/apps/v1/namespaces/([^/]+)/deployments/([^/?]+)(/scale)?(\\?.*)?$");
  private final List<ScaleCall> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Set<String>> requests = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile FaultInjector faults = FaultInjector.NONE;
  private static final Pattern REPLICA_SETS =
      Pattern.compile("/apis/apps/v1/namespaces/([^/]+)/replicasets(/[^/?]+)?(\\?.*)?$");

  /**
   * Creation times the simulator set on its own clock (the mock server would stamp the wall clock).
   */
  private final Map<String, String> createdAt = new ConcurrentHashMap<>();

  private static final Pattern POD_LOG =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?$");

  /** Serves pod logs (the CRUD store has none): namespace, pod, query string -> the log text. */
  private volatile PodLogs logs;

  interface PodLogs {
    String log(String namespace, String pod, Map<String, String> query);
  }

  void logs(PodLogs provider) {
    this.logs = provider;
  }

  RecordingDispatcher(Clock clock) {
    this.clock = clock;
  }

  void faults(FaultInjector injector) {
    this.faults = injector;
  }

  List<ScaleCall> calls() {
    return List.copyOf(calls);
  }

  /** Distinct "METHOD path" (query string dropped) a client identified by its User-Agent sent. */
  List<String> requestsBy(String userAgent) {
    return List.copyOf(new TreeSet<>(requests.getOrDefault(userAgent, Set.of())));
  }

  @Override
  public MockResponse dispatch(RecordedRequest original) {
    Matcher log = POD_LOG.matcher(original.getPath());
    if ("GET".equals(original.getMethod()) && log.matches() && logs != null) {
      remember(original);
      Map<String, String> query = new HashMap<>();
      if (log.group(3) != null) {
        for (String pair : log.group(3).substring(1).split("&")) {
          int eq = pair.indexOf('=');
          query.put(
              eq < 0 ? pair : pair.substring(0, eq),
              eq < 0
                  ? ""
                  : URLDecoder.decode(
                      pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      String text = logs.log(log.group(1), log.group(2), query);
      return text == null
          ? new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}")
          : new MockResponse()
              .setResponseCode(200)
              .setHeader("Content-Type", "text/plain")
              .setBody(text);
    }
    RecordedRequest request = applyAsMergePatch(original);
    String method = request.getMethod();
    remember(request);
    Matcher m = DEPLOYMENT.matcher(request.getPath());
    boolean write = ("PATCH".equals(method) || "PUT".equals(method)) && m.matches();
    // read before dispatching: the CRUD handler consumes the body
    byte[] body = write && request.getBody() != null ? request.getBody().getBytes() : new byte[0];
    MockResponse injected = write ? faults.onWrite(request) : faults.onRead(request);
    if (injected != null) {
      if (write) {
        record(body, m, method, injected.code());
      }
      return injected;
    }
    Matcher rs = REPLICA_SETS.matcher(request.getPath());
    if (rs.matches() && "POST".equals(method)) {
      rememberCreation(rs.group(1), request);
    }
    MockResponse response = super.dispatch(request);
    if (request != original && response.code() == 202) {
      response.setResponseCode(200); // a real apply answers 200, the CRUD handler's merge patch 202
    }
    if (write) {
      record(body, m, method, response.code());
    }
    return rs.matches() && !createdAt.isEmpty()
        ? withCreationTimes(rs.group(1), response)
        : response;
  }

  private void rememberCreation(String namespace, RecordedRequest request) {
    try {
      JsonNode meta = Json.mapper().readTree(request.getBody().getBytes()).path("metadata");
      if (meta.hasNonNull("creationTimestamp")) {
        createdAt.put(
            namespace + "/" + meta.path("name").asText(), meta.get("creationTimestamp").asText());
      }
    } catch (IOException e) {
      // not JSON: the CRUD handler answers it
    }
  }

  /**
   * The ReplicaSets as the simulator created them: with the creation time on the simulated clock.
   */
  private MockResponse withCreationTimes(String namespace, MockResponse response) {
    try {
      String text =
          response.getBody() == null
              ? null
              : new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (text == null || text.isEmpty()) {
        return response;
      }
      JsonNode body = Json.mapper().readTree(text);
      List<JsonNode> objects =
          body.has("items")
              ? StreamSupport.stream(body.get("items").spliterator(), false).toList()
              : List.of(body);
      for (JsonNode o : objects) {
        String at = createdAt.get(namespace + "/" + o.path("metadata").path("name").asText());
        if (at != null && o.path("metadata") instanceof ObjectNode meta) {
          meta.put("creationTimestamp", at);
        }
      }
      return response.setBody(Json.write(body));
    } catch (IOException | RuntimeException e) {
      return response;
    }
  }

  /**
   * Which client (by User-Agent) asked for which path: the RBAC test checks them against deploy/.
   */
  private void remember(RecordedRequest request) {
    String agent = request.getHeader("User-Agent");
    if (agent != null) {
      String path = request.getPath();
      int query = path.indexOf('?');
      // a GET with watch=true is RBAC's watch verb, not list
      boolean watch = query >= 0 && path.substring(query).matches(".*[?&]watch=(true|1)(&.*)?");
      requests
          .computeIfAbsent(agent, a -> ConcurrentHashMap.newKeySet())
          .add(
              (watch ? "WATCH" : request.getMethod())
                  + " "
                  + (query < 0 ? path : path.substring(0, query)));
    }
  }

  /**
   * The mock server has no server-side apply (415). An apply holding only SpecOps' fields
   * (replicas, two annotations, the resourceVersion precondition) changes the object as a JSON
   * merge patch of the same fields does, so it is served as one; the kube tier runs the real
   * apiserver's.
   */
  private static RecordedRequest applyAsMergePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (!"PATCH".equals(request.getMethod())
        || type == null
        || !type.startsWith("application/apply-patch")) {
      return request;
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    Object parsed =
        new org.yaml.snakeyaml.Yaml()
            .load(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    byte[] json = Json.write(parsed).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    io.fabric8.mockwebserver.http.Headers headers =
        request
            .getHeaders()
            .newBuilder()
            .set("Content-Type", "application/merge-patch+json")
            .set("Content-Length", Integer.toString(json.length))
            .build();
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        headers,
        new io.fabric8.mockwebserver.http.Buffer(json));
  }

  private void record(byte[] bytes, Matcher m, String method, int status) {
    try {
      JsonNode body =
          Json.mapper().readTree(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      JsonNode replicas = body.path("spec").path("replicas");
      JsonNode operation =
          body.path("metadata").path("annotations").path(SimulatedCluster.OPERATION_ANNOTATION);
      if (replicas.isMissingNode() && operation.isMissingNode()) {
        return;
      }
      calls.add(
          new ScaleCall(
              clock.instant(),
              m.group(1),
              m.group(2),
              replicas.isMissingNode() ? null : replicas.asInt(),
              operation.isMissingNode() ? null : operation.asText(),
              method,
              status));
    } catch (Exception e) {
      // a body we cannot read is not a scale call we can attribute
    }
  }
}
