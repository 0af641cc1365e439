package io.specops.evidence;

import io.specops.evidence.EvidenceReport.Cause;
import io.specops.evidence.EvidenceReport.EventSummary;
import io.specops.evidence.EvidenceReport.LogTemplate;
import io.specops.evidence.EvidenceReport.PodSummary;
import io.specops.evidence.EvidenceReport.Rollout;

/** The report as an operator reads it (Markdown): cause first, then the evidence behind it. */
public final class ReportText {
  private ReportText() {}

  public static String markdown(EvidenceReport r) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(r.service()).append(": evidence ").append(r.reportId()).append("\n\n");
    out.append("Triggered by **")
        .append(r.trigger())
        .append("**")
        .append(r.decisionId() == null ? "" : " (" + r.decisionId() + ")")
        .append(" at ")
        .append(r.collectedAt())
        .append("; window ")
        .append(r.window())
        .append(".\n\n");
    out.append("## Likely causes\n\n");
    if (r.causes().isEmpty()) {
      out.append("No rule matched. The log templates below are the place to look.\n\n");
    }
    int n = 1;
    for (Cause c : r.causes()) {
      out.append(n++)
          .append(". **")
          .append(c.cause())
          .append("** (rule ")
          .append(c.rule())
          .append(", score ")
          .append(String.format("%.2f", c.score()))
          .append("): ")
          .append(c.evidence())
          .append('\n');
    }
    if (!r.decisionChain().isEmpty()) {
      out.append("\n## Decision chain\n\n");
      r.decisionChain().forEach(line -> out.append("- ").append(line).append('\n'));
    }
    if (!r.rollouts().isEmpty()) {
      out.append("\n## Rollouts\n\n");
      for (Rollout ro : r.rollouts()) {
        out.append("- revision ")
            .append(ro.revision())
            .append(": ")
            .append(ro.image())
            .append(" at ")
            .append(ro.at())
            .append(ro.inWindow() ? " (in the window)" : "")
            .append('\n');
      }
    }
    if (!r.events().isEmpty()) {
      out.append("\n## Events\n\n");
      for (EventSummary e : r.events()) {
        out.append("- ")
            .append(e.type())
            .append(' ')
            .append(e.reason())
            .append(" on ")
            .append(e.object())
            .append(e.count() > 1 ? " (x" + e.count() + ")" : "")
            .append(": ")
            .append(e.message())
            .append('\n');
      }
    }
    if (!r.pods().isEmpty()) {
      out.append("\n## Pods\n\n");
      for (PodSummary p : r.pods()) {
        out.append("- ")
            .append(p.name())
            .append(": ")
            .append(p.phase())
            .append(p.ready() ? ", ready" : ", not ready")
            .append(p.restarts() > 0 ? ", " + p.restarts() + " restarts" : "")
            .append(p.lastTermination() == null ? "" : ", last ended " + p.lastTermination())
            .append('\n');
      }
    }
    out.append("\n## Log templates (").append(r.linesRead()).append(" lines read)\n\n");
    if (r.templates().isEmpty()) {
      out.append("No log lines in the window.\n");
    }
    for (LogTemplate t : r.templates()) {
      out.append("- ")
          .append(t.count())
          .append(" x `")
          .append(t.template())
          .append('`')
          .append(t.isNew() ? " **new**" : "")
          .append(" (")
          .append(t.level())
          .append(")\n  e.g. `")
          .append(t.example())
          .append("`\n");
    }
    if (!r.gaps().isEmpty()) {
      out.append("\n## Not read\n\n");
      r.gaps().forEach(g -> out.append("- ").append(g).append('\n'));
    }
    return out.toString();
  }
}
