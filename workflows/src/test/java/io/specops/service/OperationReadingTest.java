package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.coordination.FleetDashboard;
import io.specops.decision.Action;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A status view with a later reading of an operation's workload (the readiness wait's heartbeat):
 * the Deployment's counts replace the evaluation's from before the scale, and pods all ready while
 * the wait still runs read as settling.
 */
public class OperationReadingTest {
  private static final Instant T = Instant.parse("2026-12-01T17:00:00Z");

  @Test
  void aRolloutUnderWayKeepsWaitingForPods() {
    ServiceStatus.OperationInFlight op = scaleUp().withReading(reading(3, 2));
    assertThat(op.phase()).isEqualTo(ServicePhase.WAITING_FOR_PODS);
    assertThat(op.desiredReplicas()).isEqualTo(3);
    assertThat(op.readyReplicas()).isEqualTo(2);
  }

  @Test
  void everyPodReadyAtTheTargetWhileTheWaitRunsIsTheSettleTime() {
    assertThat(scaleUp().withReading(reading(3, 3)).phase()).isEqualTo(ServicePhase.SETTLING);
    ServiceStatus.OperationInFlight down =
        new ServiceStatus.OperationInFlight(
            "dec-1", Action.SCALE_DOWN, 3, 2, ServicePhase.WAITING_FOR_PODS, null, null, T);
    assertThat(down.withReading(reading(2, 2)).phase()).isEqualTo(ServicePhase.SETTLING);
    ServiceStatus.OperationInFlight verifying =
        new ServiceStatus.OperationInFlight(
            "dec-1", Action.SCALE_UP, 2, 3, ServicePhase.VERIFYING, null, null, T);
    assertThat(verifying.withReading(reading(3, 3)).phase())
        .as("only a readiness wait becomes settling")
        .isEqualTo(ServicePhase.VERIFYING);
  }

  @Test
  void theFreshestCountsAreTheOperationsReadingElseTheEvaluations() {
    ServiceStatus before = status(null);
    assertThat(ReplicaCounts.of(before)).isEqualTo(new ReplicaCounts(2, 2));
    assertThat(ReplicaCounts.of(status(scaleUp())))
        .as("no reading yet")
        .isEqualTo(new ReplicaCounts(2, 2));
    ServiceStatus read = before.withOperation(scaleUp().withReading(reading(3, 2)));
    assertThat(ReplicaCounts.of(read)).isEqualTo(new ReplicaCounts(3, 2));
    assertThat(read.phase()).isEqualTo(ServicePhase.WAITING_FOR_PODS);
    assertThat(before.withOperation(scaleUp().withReading(reading(3, 3))).phase())
        .as("the service's phase is its operation's")
        .isEqualTo(ServicePhase.SETTLING);
  }

  @Test
  void theDashboardShowsTheRolloutAndWhatHoldsTheNextEvaluation() {
    ServiceStatus read = status(null).withOperation(scaleUp().withReading(reading(3, 2)));
    String text = FleetDashboard.render(List.of(read), null, 100, 1, T.plusSeconds(20));
    assertThat(text)
        .contains("Replicas: 2 / 3 ready")
        .contains("Last Operation: scale_up 2 -> 3, waiting for pods (started 20 seconds ago)")
        .contains("next after the operation");
    assertThat(FleetDashboard.render(List.of(status(null)), null, 100, 1, T))
        .contains("Replicas: 2 / 2 ready")
        .contains("next not scheduled");
    assertThat(FleetDashboard.unscheduled(ServicePhase.PAUSED)).isEqualTo("when resumed");
  }

  @Test
  void whyThePodsDoNotComeIsCarriedToTheDashboard() {
    String quota = "FailedCreate: pods \"todo-frontend-5d-x\" is forbidden: exceeded quota: q";
    ServiceStatus.OperationInFlight op =
        scaleUp().withReading(new WorkloadState(3, 2, 2, "7", T.plusSeconds(10), quota));
    assertThat(op.problem()).isEqualTo(quota);
    assertThat(op.phase()).isEqualTo(ServicePhase.WAITING_FOR_PODS);
    assertThat(FleetDashboard.render(List.of(status(op)), null, 100, 1, T.plusSeconds(20)))
        .contains(
            "Last Operation: scale_up 2 -> 3, waiting for pods (started 20 seconds ago): " + quota);
  }

  public static ServiceStatus.OperationInFlight scaleUp() {
    return new ServiceStatus.OperationInFlight(
        "dec-20261201-170000-todo-frontend-001",
        Action.SCALE_UP,
        2,
        3,
        ServicePhase.WAITING_FOR_PODS,
        null,
        null,
        T);
  }

  public static WorkloadState reading(int desired, int ready) {
    return new WorkloadState(desired, ready, desired, "7", T.plusSeconds(10));
  }

  /** The frontend as its last evaluation saw it (2 replicas), idle or with {@code op} under way. */
  public static ServiceStatus status(ServiceStatus.OperationInFlight op) {
    return status(
        op, new MetricsSnapshot("todo-frontend", 2, 2, 2, Metrics.none(), T, "simulated"));
  }

  /** The frontend's status with {@code observed} as its last evaluation's observation. */
  public static ServiceStatus status(ServiceStatus.OperationInFlight op, MetricsSnapshot observed) {
    return new ServiceStatus(
        "todo-frontend",
        "todo-app",
        "frontend.yaml",
        "1",
        "medium",
        "standard",
        false,
        op == null ? ServicePhase.IDLE : op.phase(),
        observed,
        new ServiceStatus.Targets(1, 5, 0.7, 0.8, 200, 0.8, 0.4, "30s", 100, 128L << 20),
        null,
        null,
        null,
        BreakerState.closed(),
        null,
        null,
        T,
        null,
        1,
        0,
        false,
        null,
        op,
        null);
  }
}
