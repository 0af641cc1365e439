package io.specops.cli;

import io.specops.audit.AuditedHistory;
import io.specops.blueprint.Blueprint;
import io.specops.client.FleetClient;
import io.specops.prediction.HistoryPoint;
import io.specops.service.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A service's metrics history for seed 002's verbs: its workflow's (the evaluations it ran) with
 * its audit trail's (every evaluation, the watcher's too), the newest 1 000 (seed 002's bound).
 *
 * @param points oldest first
 * @param source where they came from, for messages
 */
record ServiceHistory(List<HistoryPoint> points, String source) {

  static ServiceHistory of(FleetClient client, Blueprint bp, AuditSource audit) {
    List<HistoryPoint> workflow = client.history(bp.name(), 0);
    if (!audit.available()) {
      return new ServiceHistory(
          workflow,
          "its workflow's only; a watched service's evaluations are in the audit trail, not found"
              + " at "
              + audit.describe()
              + " (--audit-dir or --jdbc-url)");
    }
    Duration window = bp.spec().evaluation().interval().multipliedBy(ServiceState.HISTORY_LIMIT);
    Duration cap = Duration.ofDays(14);
    Instant since = Instant.now().minus(window.compareTo(cap) > 0 ? cap : window);
    List<HistoryPoint> audited =
        AuditedHistory.points(audit.query(AuditedHistory.query(bp.name(), since)));
    return new ServiceHistory(
        AuditedHistory.merge(workflow, audited, ServiceState.HISTORY_LIMIT),
        "its workflow's and the audit trail's at " + audit.describe());
  }
}
