package io.specops.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.specops.json.Json;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher (the simulated API server's storage) that also records every write to
 * a Deployment's replicas with the operation id SpecOps annotates it with, so tests can prove that
 * no decision was applied twice.
 */
final class RecordingDispatcher extends KubernetesCrudDispatcher {
  private static final Pattern DEPLOYMENT = Pattern.compile("/apis/apps/v1/namespaces/([^/]+)/deployments/([^/?]+)(/scale)?(\\?.*)?$");
  private final List<ScaleCall> calls = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, java.util.Set<String>> requests = new java.util.concurrent.ConcurrentHashMap<>();
  private final Clock clock;
  private volatile FaultInjector faults = FaultInjector.NONE;

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
    return List.copyOf(new java.util.TreeSet<>(requests.getOrDefault(userAgent, java.util.Set.of())));
  }

  @Override
  public MockResponse dispatch(RecordedRequest original) {
    RecordedRequest request = applyAsMergePatch(original);
    String method = request.getMethod();
    String agent = request.getHeader("User-Agent");
    if (agent != null) {
      String path = request.getPath();
      int query = path.indexOf('?');
      requests.computeIfAbsent(agent, a -> java.util.concurrent.ConcurrentHashMap.newKeySet())
          .add(method + " " + (query < 0 ? path : path.substring(0, query)));
    }
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
    MockResponse response = super.dispatch(request);
    if (write) {
      record(body, m, method, response.code());
    }
    return response;
  }

  /**
   * The mock server has no server-side apply (415). An apply holding only SpecOps' fields
   * (replicas, two annotations, the resourceVersion precondition) changes the object as a JSON
   * merge patch of the same fields does, so it is served as one; the kube tier runs the real
   * apiserver's.
   */
  private static RecordedRequest applyAsMergePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (!"PATCH".equals(request.getMethod()) || type == null || !type.startsWith("application/apply-patch")) {
      return request;
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    Object parsed = new org.yaml.snakeyaml.Yaml().load(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    byte[] json = Json.write(parsed).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    io.fabric8.mockwebserver.http.Headers headers = request.getHeaders().newBuilder()
        .set("Content-Type", "application/merge-patch+json").set("Content-Length", Integer.toString(json.length)).build();
    return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), headers,
        new io.fabric8.mockwebserver.http.Buffer(json));
  }

  private void record(byte[] bytes, Matcher m, String method, int status) {
    try {
      JsonNode body = Json.mapper().readTree(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      JsonNode replicas = body.path("spec").path("replicas");
      JsonNode operation = body.path("metadata").path("annotations").path(SimulatedCluster.OPERATION_ANNOTATION);
      if (replicas.isMissingNode() && operation.isMissingNode()) {
        return;
      }
      calls.add(new ScaleCall(clock.instant(), m.group(1), m.group(2), replicas.isMissingNode() ? null : replicas.asInt(),
          operation.isMissingNode() ? null : operation.asText(), method, status));
    } catch (Exception e) {
      // a body we cannot read is not a scale call we can attribute
    }
  }
}
