package io.specops.service;

import io.specops.audit.ControlEvent;
import io.specops.audit.ControlRecord;
import io.specops.blueprint.Blueprint;
import io.specops.evidence.EvidenceActivities;
import io.specops.evidence.EvidenceReport;
import io.specops.evidence.EvidenceRequest;
import io.specops.metrics.MetricsSnapshot;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Incident evidence for one service (docs/evidence.md): asks the evidence activity for a report,
 * records it in the audit trail (record_type "evidence") and sends its summary to the service's
 * webhook. A failed collection is recorded and never stops the service's loop.
 */
final class EvidenceGatherer {
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(90))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .build())
          .build();
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final AuditTrail audit;
  private final Notifier notifier;
  private long sequence;

  EvidenceGatherer(AuditTrail audit, Notifier notifier) {
    this.audit = audit;
    this.notifier = notifier;
  }

  /**
   * Whether runs of this workflow collect evidence: runs that began before it existed replay
   * without.
   */
  static boolean supported() {
    return Workflow.getVersion("evidence", Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /**
   * Collects a report; null if the collection failed (recorded). {@code chain}: the decision chain
   * the workflow knows; {@code before}/{@code after}: the metrics around the operation, if any.
   */
  EvidenceReport gather(
      Blueprint bp,
      String trigger,
      String decisionId,
      List<String> chain,
      MetricsSnapshot before,
      MetricsSnapshot after) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String id =
        "ev-"
            + STAMP.format(now)
            + "-"
            + bp.name()
            + "-"
            + String.format("%03d", ++sequence % 1000);
    Blueprint.Evidence settings = bp.spec().evidenceOrDefaults();
    EvidenceRequest request =
        new EvidenceRequest(
            id,
            bp.name(),
            bp.metadata().namespace(),
            bp.spec().target().kind(),
            bp.spec().target().name(),
            trigger,
            decisionId,
            now,
            settings.window(),
            settings.maxLogLines(),
            chain,
            before,
            after,
            (double) bp.spec().performance().latencyP95Target().toMillis(),
            bp.spec().scaling().targetCpuUtilization());
    EvidenceReport report;
    try {
      report =
          Workflow.newActivityStub(
                  EvidenceActivities.class,
                  OPTIONS.toBuilder()
                      .setSummary("collect evidence for " + bp.name() + " (" + trigger + ")")
                      .build())
              .collect(request);
    } catch (ActivityFailure e) {
      audit.add(
          "control",
          bp.name(),
          new ControlRecord(
              bp.name(),
              ControlEvent.EVIDENCE_FAILED,
              "could not collect evidence (" + trigger + "): " + ServiceWorkflowImpl.rootMessage(e),
              decisionId,
              null));
      return null;
    }
    audit.add("evidence", bp.name(), report);
    notifier.send(
        bp,
        "evidence",
        report.summary(),
        Map.of(
            "report_id",
            report.reportId(),
            "trigger",
            trigger,
            "command",
            "specops audit --type evidence --service " + bp.name() + " --json"));
    return report;
  }
}
