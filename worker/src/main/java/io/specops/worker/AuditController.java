package io.specops.worker;

import io.specops.audit.AuditLog;
import io.specops.audit.AuditQuery;
import io.specops.blueprint.Quantities;
import io.specops.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail over REST, as {@code specops audit} reads it: {@code GET
 * /api/v1/audit?service=&decision=&type=&since=1h&limit=200}, from PostgreSQL when it is one of the
 * worker's sinks, else from its files.
 */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {
  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping
  ResponseEntity<String> query(
      @RequestParam(name = "service", required = false) String service,
      @RequestParam(name = "decision", required = false) String decision,
      @RequestParam(name = "type", required = false) String type,
      @RequestParam(name = "since", defaultValue = "1h") String since,
      @RequestParam(name = "limit", defaultValue = "200") int limit) {
    Duration back;
    try {
      back = Quantities.parseDuration(since);
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, "since: " + e.getMessage());
    }
    if (limit < 1 || limit > 10_000) {
      return error(HttpStatus.BAD_REQUEST, "limit must be between 1 and 10000");
    }
    AuditQuery query;
    try {
      query = new AuditQuery(Instant.now().minus(back), service, decision, type, limit);
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    var records = audit.query(query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("since", query.since().toString());
    body.put("count", records.size());
    body.put("records", records);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
  }

  private static ResponseEntity<String> error(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Json.write(Map.of("error", message)));
  }
}
