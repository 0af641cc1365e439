package io.specops.evidence;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.evidence.EvidenceReport.Cause;
import io.specops.evidence.EvidenceReport.LogTemplate;
import io.specops.kubernetes.ApiServerClock;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects a service's evidence, groups its log lines into templates, ranks likely causes and
 * renders the report (docs/evidence.md). Deterministic given what the API returns; bounded: at most
 * {@code max_log_lines} lines read, {@value #MAX_TEMPLATES} templates and {@value #MAX_TEXT}
 * characters of text in the report.
 */
public final class EvidenceActivitiesImpl implements EvidenceActivities {
  static final int MAX_TEMPLATES = 12;
  static final int MAX_TEXT = 8000;

  private final EvidenceCollector collector;
  private final Clock clock;

  public EvidenceActivitiesImpl(KubernetesClient client, Clock clock) {
    this.collector = new EvidenceCollector(client);
    this.clock = clock;
  }

  /** The cluster's stamps are read on the API server's clock (docs/evidence.md, "Clocks"). */
  public EvidenceActivitiesImpl withApiServerClock(ApiServerClock serverClock) {
    collector.withApiServerClock(serverClock);
    return this;
  }

  @Override
  public EvidenceReport collect(EvidenceRequest r) {
    EvidenceCollector.Collected c = collector.collect(r, sinceDecision(r));
    List<LogTemplate> templates = templates(c.lines(), c.at().minus(r.window()));
    List<Cause> causes =
        EvidenceRules.rank(
            new EvidenceRules.Evidence(
                c.at(),
                r.window(),
                c.pods(),
                templates,
                c.events(),
                c.rollouts(),
                r.before(),
                r.after(),
                r.latencyTargetMs(),
                r.cpuTarget()));
    String summary =
        causes.isEmpty()
            ? r.service()
                + ": no rule matched ("
                + c.lines().size()
                + " log lines, "
                + c.events().size()
                + " events); see the templates"
            : r.service()
                + ": likely "
                + causes.get(0).cause()
                + " ("
                + causes.get(0).evidence()
                + ")";
    EvidenceReport report =
        new EvidenceReport(
            r.reportId(),
            r.service(),
            r.trigger(),
            r.decisionId(),
            Instant.now(clock),
            EvidenceCollector.describe(r.window()),
            r.decisionChain() == null ? List.of() : r.decisionChain(),
            c.pods(),
            templates,
            c.lines().size(),
            c.events(),
            c.rollouts(),
            causes,
            summary,
            c.gaps(),
            null);
    return withText(report);
  }

  /**
   * How long ago the decision was made, on the Temporal server's clock that stamped both it and
   * this activity's start, whatever this worker's clock says; called outside an activity (tests,
   * tools), on this worker's clock.
   */
  private Duration sinceDecision(EvidenceRequest r) {
    Instant started;
    try {
      started =
          Instant.ofEpochMilli(Activity.getExecutionContext().getInfo().getStartedTimestamp());
    } catch (IllegalStateException notInAnActivity) {
      started = Instant.now(clock);
    }
    Duration since = Duration.between(r.at(), started);
    return since.isNegative() ? Duration.ZERO : since;
  }

  /**
   * Lines into templates: counts and examples from the window, "new" for templates none of the
   * earlier lines had.
   */
  static List<LogTemplate> templates(List<EvidenceCollector.LogLine> lines, Instant windowStart) {
    List<EvidenceCollector.LogLine> sorted = new ArrayList<>(lines);
    sorted.sort(
        Comparator.comparing(
            EvidenceCollector.LogLine::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    LogTemplates drain = new LogTemplates();
    Map<LogTemplates.Cluster, int[]> inWindow = new IdentityHashMap<>();
    Map<LogTemplates.Cluster, String> example = new IdentityHashMap<>();
    Set<LogTemplates.Cluster> before = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean anyBefore = false;
    for (EvidenceCollector.LogLine line : sorted) {
      LogTemplates.Cluster cluster =
          drain.addLine(line.text(), line.at() == null ? 0 : line.at().toEpochMilli());
      boolean earlier = line.at() != null && line.at().isBefore(windowStart);
      if (earlier) {
        before.add(cluster);
        anyBefore = true;
      } else {
        inWindow.computeIfAbsent(cluster, k -> new int[1])[0]++;
        example.putIfAbsent(cluster, line.text());
      }
    }
    final boolean compare = anyBefore;
    return drain.templates().stream()
        .filter(inWindow::containsKey)
        .sorted(
            Comparator.comparingInt((LogTemplates.Cluster k) -> -severity(example.get(k)))
                .thenComparingInt(k -> -inWindow.get(k)[0]))
        .limit(MAX_TEMPLATES)
        .map(
            k ->
                new LogTemplate(
                    k.template(),
                    inWindow.get(k)[0],
                    compare && !before.contains(k),
                    EvidenceRules.level(example.get(k)),
                    truncate(example.get(k), 300)))
        .toList();
  }

  private static int severity(String line) {
    return switch (EvidenceRules.level(line)) {
      case "fatal" -> 3;
      case "error" -> 2;
      case "warn" -> 1;
      default -> 0;
    };
  }

  static EvidenceReport withText(EvidenceReport r) {
    String text = truncate(ReportText.markdown(r), MAX_TEXT);
    return new EvidenceReport(
        r.reportId(),
        r.service(),
        r.trigger(),
        r.decisionId(),
        r.collectedAt(),
        r.window(),
        r.decisionChain(),
        r.pods(),
        r.templates(),
        r.linesRead(),
        r.events(),
        r.rollouts(),
        r.causes(),
        r.summary(),
        r.gaps(),
        text);
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max
        ? s
        : s.substring(0, max - 20) + "\n… (cut at " + max + " characters)";
  }
}
