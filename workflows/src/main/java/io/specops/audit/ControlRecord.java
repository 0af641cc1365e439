package io.specops.audit;

import java.util.List;

/**
 * A change to how a service is run: paused, resumed, stopped, blueprint_updated, blueprint_refused
 * (with the validation errors), breaker_opened, breaker_closed, skipped (breaker open),
 * evaluation_failed, manual_request.
 */
public record ControlRecord(
    String service, ControlEvent event, String reason, String decisionId, List<String> errors) {
  public static ControlRecord of(String service, ControlEvent event, String reason) {
    return new ControlRecord(service, event, reason, null, null);
  }
}
