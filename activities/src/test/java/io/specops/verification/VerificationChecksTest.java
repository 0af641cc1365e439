package io.specops.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.decision.Decision;
import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.Metrics;
import io.specops.metrics.MetricsSnapshot;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The replica check of seed 001 Step 8 against what a real Deployment reports. */
class VerificationChecksTest {
  private static final Blueprint FRONTEND = TestBlueprints.frontend();
  private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void aRolloutsSurgePodsCountTowardsTheTarget() {
    // 3 old pods and 2 new ones the rollout surged, for a target of 4
    VerificationReport report = verify(new WorkloadState(4, 5, 2, "9", AT), 0.55);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.SUCCESS);
    assertThat(report.checks())
        .filteredOn(c -> c.check().equals("replica_count"))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASSED));
  }

  @Test
  void fewerReadyThanTheTargetStillFails() {
    VerificationReport report = verify(new WorkloadState(4, 3, 4, "9", AT), 0.55);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.FAILURE);
    assertThat(report.summary().rationale())
        .isEqualTo("3 of 4 replicas ready (desired 4) when verification ran");
  }

  @Test
  void whatTheWorkloadReportsIsInTheRationale() {
    VerificationReport report =
        verify(
            new WorkloadState(
                4,
                3,
                3,
                "9",
                AT,
                "FailedCreate: pods \"web-5d-x\" is forbidden: exceeded quota: two-pods"),
            0.55);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.FAILURE);
    assertThat(report.summary().rationale())
        .isEqualTo(
            "3 of 4 replicas ready (desired 4) when verification ran; the workload reports"
                + " FailedCreate: pods \"web-5d-x\" is forbidden: exceeded quota: two-pods");
  }

  /** A pod that waits for a node a cluster autoscaler adds is coming: kept, not rolled back. */
  @Test
  void podsWaitingForANodeBeingAddedAreKept() {
    VerificationReport report =
        verify(
            new WorkloadState(
                4,
                3,
                4,
                "9",
                AT,
                null,
                "1 pod waits for a node being added (TriggeredScaleUp: pod triggered scale-up:"
                    + " [{pool 2->3 (max: 10)}])"),
            0.55);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.PARTIAL);
    assertThat(report.summary().rationale())
        .isEqualTo(
            "3 of 4 replicas ready (desired 4) when verification ran; 1 pod waits for a node"
                + " being added (TriggeredScaleUp: pod triggered scale-up: [{pool 2->3 (max:"
                + " 10)}]); kept, the next evaluation decides again");
  }

  @Test
  void replicasAnotherWriterSetAreLeftAsTheyAre() {
    // kubectl scale --replicas=6 during the operation; cpu is beyond target, which would have
    // failed the scale-up and rolled it back over the other writer's 6
    VerificationReport report = verify(new WorkloadState(6, 2, 6, "9", AT), 0.9);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.PARTIAL);
    assertThat(report.summary().rationale())
        .isEqualTo(
            "another writer set the replicas to 6 during the operation; left as they are, the"
                + " next evaluation decides again");
    assertThat(report.checks())
        .filteredOn(c -> c.check().equals("replica_count"))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(CheckStatus.UNKNOWN));
  }

  /**
   * metrics.k8s.io measures cpu and memory, never latency: its operations are judged on what it
   * measures (before, every one was {@code partial}, "metrics are unavailable", and a scale-down
   * that overloaded the service was kept instead of rolled back).
   */
  @Test
  void aSourceWithoutLatencyIsJudgedOnWhatItMeasures() {
    WorkloadState ready = new WorkloadState(4, 4, 4, "9", AT);
    VerificationReport up = verify(Action.SCALE_UP, ready, noLatency(4, 0.55, "kubernetes"));
    assertThat(up.outcome()).isEqualTo(VerificationOutcome.SUCCESS);
    assertThat(up.summary().rationale())
        .isEqualTo("All measured checks passed (metrics.k8s.io does not measure latency)");
    assertThat(up.checks())
        .filteredOn(c -> c.check().equals("latency_p95"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(CheckStatus.NOT_MEASURED);
              assertThat(c.status().wire()).isEqualTo("not_measured");
              assertThat(c.actual()).isEqualTo("not measured by metrics.k8s.io");
            });

    VerificationReport down = verify(Action.SCALE_DOWN, ready, noLatency(4, 0.85, "kubernetes"));
    assertThat(down.outcome()).isEqualTo(VerificationOutcome.FAILURE);
    assertThat(down.summary().rationale())
        .isEqualTo("after scaling down the service is beyond its limits (cpu_utilization)");

    VerificationReport notYet = verify(Action.SCALE_UP, ready, noLatency(4, 0.75, "kubernetes"));
    assertThat(notYet.outcome()).isEqualTo(VerificationOutcome.PARTIAL);
    assertThat(notYet.summary().rationale()).startsWith("replicas are ready and load per replica");
  }

  /** A source that measures latency but could not read it now keeps the operation partial. */
  @Test
  void latencyASourceCouldNotReadKeepsTheOperationPartial() {
    VerificationReport report =
        verify(
            Action.SCALE_UP, new WorkloadState(4, 4, 4, "9", AT), noLatency(4, 0.55, "prometheus"));
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.PARTIAL);
    assertThat(report.summary().rationale())
        .isEqualTo(
            "replicas are ready but latency_p95 could not be read; kept, the next evaluation"
                + " decides again");
    assertThat(report.checks())
        .filteredOn(c -> c.check().equals("latency_p95"))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(CheckStatus.UNKNOWN));
  }

  private static VerificationReport verify(
      Action action, WorkloadState readiness, MetricsSnapshot after) {
    Decision d =
        Decision.scaling(
            "dec-1",
            FRONTEND.name(),
            action,
            3,
            4,
            Decision.Basis.of("cpu 90% exceeds scale_up_threshold", "cpu"),
            AT,
            snapshot(3, 0.9));
    return VerificationChecks.evaluate(
        new VerificationRequest("ver-1", FRONTEND, d, snapshot(3, 0.9), readiness), after);
  }

  private static MetricsSnapshot noLatency(int ready, double cpu, String source) {
    return new MetricsSnapshot(
        FRONTEND.name(),
        ready,
        ready,
        ready,
        new Metrics(cpu, 0.5, null, null, null, null),
        AT,
        source);
  }

  private static VerificationReport verify(WorkloadState readiness, double cpuAfter) {
    return verify(Action.SCALE_UP, readiness, snapshot(readiness.readyReplicas(), cpuAfter));
  }

  private static MetricsSnapshot snapshot(int ready, double cpu) {
    return new MetricsSnapshot(
        FRONTEND.name(),
        ready,
        ready,
        ready,
        new Metrics(cpu, 0.5, 80.0, 120.0, 100.0, 0.001),
        AT,
        "test");
  }
}
