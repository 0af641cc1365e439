package io.specops.simulation;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.audit.AuditActivitiesImpl;
import io.specops.audit.AuditLog;
import io.specops.coordination.FleetActivitiesImpl;
import io.specops.coordination.FleetSettings;
import io.specops.decision.DecisionEngine;
import io.specops.evidence.EvidenceActivitiesImpl;
import io.specops.governance.GovernanceEngine;
import io.specops.kubernetes.ClusterCapacityReader;
import io.specops.kubernetes.KubernetesScaler;
import io.specops.metrics.SimulatedMetricsSource;
import io.specops.notification.NotificationSender;
import io.specops.service.EvaluationActivitiesImpl;
import io.specops.service.Evaluator;
import io.specops.verification.Verifier;
import io.specops.watch.WatchActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import java.time.Clock;

/**
 * Every SpecOps activity, wired to a simulated cluster over its HTTP API as production wires them
 * to a real one: for time-skipping tests and the control-plane bench, which run without Spring.
 */
public final class SimulatedActivities {
  private SimulatedActivities() {}

  /** {@code notifications}: {@link NotificationSender#withoutSmtp()} unless a test has a server. */
  public static void register(
      Worker worker,
      SimulatedCluster cluster,
      KubernetesClient kubernetes,
      Clock clock,
      AuditLog audit,
      WorkflowClient client,
      FleetSettings fleetSettings,
      NotificationSender notifications) {
    SimulatedMetricsSource metrics = new SimulatedMetricsSource(cluster, kubernetes, clock);
    KubernetesScaler scaler = new KubernetesScaler(kubernetes, clock).withAudit(audit);
    worker.registerActivitiesImplementations(
        new EvaluationActivitiesImpl(metrics, new DecisionEngine(), new GovernanceEngine(), audit),
        scaler,
        new Verifier(metrics).withAudit(audit).withReadiness(scaler),
        new AuditActivitiesImpl(audit),
        notifications,
        new FleetActivitiesImpl(new ClusterCapacityReader(kubernetes), client, fleetSettings),
        new WatchActivitiesImpl(
            new Evaluator(metrics, new DecisionEngine(), new GovernanceEngine()),
            audit,
            client,
            clock,
            null),
        new EvidenceActivitiesImpl(kubernetes, clock));
  }
}
