package io.specops.worker;

import io.specops.blueprint.Blueprint;
import io.specops.kubernetes.WorkloadRef;
import io.specops.service.DecisionOutcome;
import io.specops.service.DecisionSummary;
import io.specops.service.ServicePhase;
import io.specops.service.ServiceStatus;
import io.specops.simulation.ScenarioEvent;
import io.specops.simulation.SimulatedCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches the demo's services step by step: prints progress, notes pods becoming ready, tells when
 * all is settled.
 */
final class Progress {
  private static final Set<DecisionOutcome> IN_FLIGHT =
      Set.of(
          DecisionOutcome.PROPOSED,
          DecisionOutcome.PENDING_APPROVAL,
          DecisionOutcome.AWAITING_CAPACITY,
          DecisionOutcome.DEFERRED);
  private final DemoReport report;
  private final SimulatedCluster cluster;
  private final Map<String, Integer> ready = new HashMap<>();
  private final Map<String, Integer> desired = new HashMap<>();
  private final Map<String, ServicePhase> phases = new HashMap<>();
  private final List<DemoReport.Event> events = new ArrayList<>();
  private Instant lastPrinted;
  private int eventsSeen;

  Progress(DemoReport report, SimulatedCluster cluster) {
    this.report = report;
    this.cluster = cluster;
  }

  void observe(Instant now, List<ServiceStatus> statuses, List<Blueprint> blueprints) {
    boolean changed = false;
    for (Blueprint bp : blueprints) {
      WorkloadRef ref = WorkloadRef.of(bp);
      int pods = cluster.readyPods(ref.namespace(), ref.name());
      desired.put(bp.name(), cluster.desiredReplicas(ref.namespace(), ref.name()));
      Integer before = ready.put(bp.name(), pods);
      if (before != null && pods > before) {
        events.add(
            new DemoReport.Event(now, bp.name(), "pods", "new pod ready (" + pods + " ready)"));
      } else if (before != null && pods < before) {
        events.add(
            new DemoReport.Event(now, bp.name(), "pods", "pod removed (" + pods + " ready)"));
      }
    }
    List<ScenarioEvent> happened = cluster.scenarioEvents();
    for (ScenarioEvent e : happened.subList(eventsSeen, happened.size())) {
      // a job's end frees capacity the coordinator may have deferred a service for; a rollout is
      // what an incident's report will point at
      events.add(
          new DemoReport.Event(
              e.at(), e.service() == null ? "cluster" : e.service(), e.kind(), e.text()));
      report.note(e.at(), (e.service() == null ? "" : e.service() + ": ") + e.text());
    }
    eventsSeen = happened.size();
    for (ServiceStatus s : statuses) {
      ServicePhase phase = s.phase();
      if (phase != phases.put(s.service(), phase)) {
        changed = true;
      }
    }
    if (changed || lastPrinted == null || !now.isBefore(lastPrinted.plusSeconds(15))) {
      report.progress(now, statuses, ready, desired);
      lastPrinted = now;
    }
  }

  List<DemoReport.Event> events() {
    return events;
  }

  /** Every service has decided at least once and no operation is still under way. */
  static boolean settled(List<ServiceStatus> statuses) {
    for (ServiceStatus s : statuses) {
      DecisionSummary d = s.lastDecision();
      if (d == null || IN_FLIGHT.contains(d.outcome()) || !s.phase().atRest()) {
        return false;
      }
    }
    return true;
  }
}
