package io.specops.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditLog;
import io.specops.audit.AuditQuery;
import io.specops.audit.AuditedHistory;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.Quantities;
import io.specops.client.FleetClient;
import io.specops.client.SpecopsClientException;
import io.specops.json.Json;
import io.specops.service.DecisionSummary;
import io.specops.service.PendingApproval;
import io.specops.service.ServiceStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API (seed 004's shape), a thin layer over {@link FleetClient}: every answer is the same
 * snake_case JSON as the audit log and {@code specops ... --json}. Changes need a bearer token
 * ({@link BearerTokenFilter}); approvals are made as the token's principal.
 */
@RestController
@RequestMapping(path = "/api/v1/services", produces = MediaType.APPLICATION_JSON_VALUE)
class ServicesController {
  private final FleetClient client;
  private final SpecopsProperties properties;
  private final AuditLog audit;

  ServicesController(FleetClient client, SpecopsProperties properties, AuditLog audit) {
    this.client = client;
    this.properties = properties;
    this.audit = audit;
  }

  /**
   * A service over time, from its audit trail: {@code GET /api/v1/services/{id}/series?since=3h}
   * (the service page's chart).
   */
  @GetMapping("/{name}/series")
  ResponseEntity<String> series(
      @PathVariable String name, @RequestParam(name = "since", defaultValue = "3h") String since) {
    Duration back;
    try {
      back = Quantities.parseDuration(since);
    } catch (IllegalArgumentException e) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID, "since: " + e.getMessage());
    }
    if (back.compareTo(Duration.ofDays(14)) > 0) {
      throw new SpecopsClientException(SpecopsClientException.Kind.INVALID, "since: at most 14d");
    }
    Blueprint.Scaling s = client.blueprint(name).spec().scaling();
    Instant from = Instant.now().minus(back);
    var records = audit.query(new AuditQuery(from, name, null, null, 200_000));
    return ok(
        ServiceSeries.of(
            name,
            from,
            new ServiceSeries.Thresholds(
                s.scaleUpThreshold(),
                s.scaleDownThreshold(),
                s.targetCpuUtilization(),
                s.minReplicas(),
                s.maxReplicas()),
            records));
  }

  @GetMapping("/status")
  ResponseEntity<String> fleetStatus(@RequestParam(name = "fleet", required = false) String fleet) {
    return ok(client.view(fleet == null ? properties.fleet() : fleet));
  }

  @GetMapping("/{name}/status")
  ResponseEntity<String> serviceStatus(
      @PathVariable String name,
      @RequestParam(name = "decisions", defaultValue = "10") int decisions) {
    Map<String, Object> body = new LinkedHashMap<>();
    ServiceStatus status = client.status(name);
    int limit = Math.max(0, Math.min(decisions, 50));
    body.put("status", status);
    body.put("decisions", decisions(status, limit));
    return ok(body);
  }

  /**
   * The workflow's decisions with its watcher's (a watched service's idle evaluations are in the
   * audit trail only), newest first.
   */
  private List<DecisionSummary> decisions(ServiceStatus status, int limit) {
    List<DecisionSummary> own = client.decisions(status.service(), limit);
    if (status.watcherWorkflowId() == null || limit == 0) {
      return own;
    }
    Duration every;
    try {
      every = Quantities.parseDuration(status.targets().interval());
    } catch (RuntimeException e) {
      every = Duration.ofSeconds(30);
    }
    List<DecisionSummary> idle =
        AuditedHistory.idleDecisions(
            audit.query(AuditedHistory.recentDecisions(status.service(), every, limit)));
    return AuditedHistory.mergeDecisions(own, idle, limit);
  }

  /** Seed 004's name for the blueprint: {@code GET /api/v1/services/{id}/config}. */
  @GetMapping({"/{name}/blueprint", "/{name}/config"})
  ResponseEntity<String> blueprint(@PathVariable String name) {
    Blueprint bp = client.blueprint(name);
    return ok(Map.of("service", name, "source", bp.source(), "blueprint", bp));
  }

  /**
   * Body: the blueprint's YAML (text/yaml, application/yaml, text/plain) or JSON {"yaml": ...,
   * "source": ...}.
   */
  @PutMapping(
      path = {"/{name}/blueprint", "/{name}/config"},
      consumes = MediaType.ALL_VALUE)
  ResponseEntity<String> putBlueprint(
      @PathVariable String name,
      @RequestBody(required = false) String body,
      @RequestHeader(name = "Content-Type", required = false) String contentType) {
    if (body == null || body.isBlank()) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID, "the request body must be the blueprint's YAML");
    }
    String yaml = body;
    String source = "api:" + name;
    if (contentType != null && contentType.startsWith(MediaType.APPLICATION_JSON_VALUE)) {
      JsonNode json = readJson(body);
      if (!json.path("yaml").isTextual()) {
        throw new SpecopsClientException(
            SpecopsClientException.Kind.INVALID,
            "JSON bodies carry the blueprint as {\"yaml\": \"...\"}");
      }
      yaml = json.get("yaml").asText();
      source = json.path("source").asText(source);
    }
    Blueprint current = client.blueprint(name);
    // checked before anything is sent: a body naming another service must not change that one
    Blueprint applied =
        client.applyBlueprint(name, source.equals("api:" + name) ? current.source() : source, yaml);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("service", name);
    out.put("source", applied.source());
    out.put("accepted", true);
    out.put("note", "validated here; the service workflow validates again and records the update");
    EmailWithoutSmtp.warning(applied, properties.notifications().smtp().configured())
        .ifPresent(w -> out.put("warnings", List.of(w)));
    return accepted(out);
  }

  @PostMapping({"/{name}/evaluate", "/{name}/trigger-evaluation"})
  ResponseEntity<String> evaluate(@PathVariable String name) {
    client.evaluate(name);
    return accepted(Map.of("service", name, "evaluation", "requested"));
  }

  /**
   * Seed 004's triggers: a root-cause report now (logs, events, rollouts, likely causes), answered
   * with the report; it is in the audit trail too. {@code trigger-log-fetch} fetches the same
   * evidence.
   */
  @PostMapping({"/{name}/trigger-rca", "/{name}/trigger-log-fetch", "/{name}/evidence"})
  ResponseEntity<String> evidence(
      @PathVariable String name,
      HttpServletRequest request,
      @RequestParam(name = "reason", required = false) String reason) {
    String principal = (String) request.getAttribute(BearerTokenFilter.PRINCIPAL);
    String why =
        reason != null
            ? reason
            : request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
    return ok(client.collectEvidence(name, principal, why));
  }

  @PostMapping("/{name}/pause")
  ResponseEntity<String> pause(@PathVariable String name) {
    FleetClient.PauseResult paused = client.pause(name);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", name);
    body.put("paused", true);
    body.put("already_paused", paused.alreadyPaused());
    if (paused.withdrawnApproval() != null) {
      body.put("withdrawn_approval", paused.withdrawnApproval().decisionId());
    }
    if (paused.runningOperation() != null) {
      body.put("running_operation", paused.runningOperation().decisionId());
    }
    return accepted(body);
  }

  @PostMapping("/{name}/resume")
  ResponseEntity<String> resume(@PathVariable String name) {
    client.resume(name);
    return accepted(Map.of("service", name, "paused", false));
  }

  /**
   * Body: {"decision": "approve"|"reject", "comment": "..."}; the approver is the token's
   * principal.
   */
  @PostMapping(path = "/{name}/approvals/{decisionId}", consumes = MediaType.ALL_VALUE)
  ResponseEntity<String> approve(
      @PathVariable String name,
      @PathVariable String decisionId,
      @RequestBody(required = false) String body,
      HttpServletRequest request) {
    JsonNode json = readJson(body == null || body.isBlank() ? "{}" : body);
    String decision = json.path("decision").asText("");
    if (!decision.equals("approve") && !decision.equals("reject")) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID, "\"decision\" must be \"approve\" or \"reject\"");
    }
    String principal = (String) request.getAttribute(BearerTokenFilter.PRINCIPAL);
    String comment = json.path("comment").isTextual() ? json.get("comment").asText() : null;
    PendingApproval pending =
        client.answer(name, decisionId, principal, comment, decision.equals("approve"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("service", name);
    out.put("decision_id", decisionId);
    out.put("decision", decision);
    out.put("approver", principal);
    out.put(
        "operation",
        pending.action().wire()
            + " "
            + pending.currentReplicas()
            + " -> "
            + pending.targetReplicas());
    return accepted(out);
  }

  @ExceptionHandler(SpecopsClientException.class)
  ResponseEntity<String> refused(SpecopsClientException e) {
    HttpStatus status =
        switch (e.kind()) {
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case INVALID -> HttpStatus.BAD_REQUEST;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case CONFLICT -> HttpStatus.CONFLICT;
          case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.getMessage());
    if (!e.details().isEmpty()) {
      body.put("details", e.details());
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Json.write(body));
  }

  private static JsonNode readJson(String body) {
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node == null || !node.isObject()) {
        throw new SpecopsClientException(
            SpecopsClientException.Kind.INVALID, "the request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SpecopsClientException(
          SpecopsClientException.Kind.INVALID,
          "malformed JSON: " + e.getOriginalMessage(),
          List.of());
    }
  }

  private static ResponseEntity<String> ok(Object body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
  }

  private static ResponseEntity<String> accepted(Object body) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Json.write(body));
  }
}
