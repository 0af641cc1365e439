package io.specops.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.audit.AuditLog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The audit records written since a point: the demo reports only its own run's lines. */
final class AuditCursor {
  private final AuditLog audit;
  private final LocalDate day;
  private final int skipToday;
  private final int skipTomorrow;

  private AuditCursor(AuditLog audit, LocalDate day, int skipToday, int skipTomorrow) {
    this.audit = audit;
    this.day = day;
    this.skipToday = skipToday;
    this.skipTomorrow = skipTomorrow;
  }

  static AuditCursor at(AuditLog audit, Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return new AuditCursor(audit, day, audit.read(day).size(), audit.read(day.plusDays(1)).size());
  }

  List<JsonNode> read() {
    List<JsonNode> out = new ArrayList<>();
    List<JsonNode> today = audit.read(day);
    out.addAll(today.subList(Math.min(skipToday, today.size()), today.size()));
    List<JsonNode> tomorrow = audit.read(day.plusDays(1));
    out.addAll(tomorrow.subList(Math.min(skipTomorrow, tomorrow.size()), tomorrow.size()));
    return out;
  }
}
