package io.specops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The HPA baseline against the examples of the Kubernetes documentation ("Horizontal Pod
 * Autoscaling").
 */
class HpaPolicyTest {

  @Test
  void doublesAtTwiceTheTargetHalvesAtHalfAndHoldsWithinTheTolerance() {
    // "if the current metric value is 200m, and the desired value is 100m, the number of replicas
    // will be doubled"
    HpaPolicy hpa = new HpaPolicy(0.5, 1, 100);
    assertThat(hpa.replicas(4, 4, 0, 1.0)).isEqualTo(8);
    // "If the current value is instead 50m, you'll halve the number of replicas"
    assertThat(hpa.replicas(4, 4, 0, 0.25)).isEqualTo(2);
    // "skips any scaling action if the ratio is sufficiently close to 1.0 (within ... 0.1 by
    // default)"
    assertThat(hpa.replicas(4, 4, 0, 0.54)).isEqualTo(4);
    assertThat(hpa.replicas(4, 4, 0, 0.46)).isEqualTo(4);
    assertThat(hpa.replicas(4, 4, 0, 0.56)).isEqualTo(5); // ratio 1.12: ceil(1.12 x 4)
  }

  @Test
  void podsNotReadyCountAsIdleOnScaleUp() {
    HpaPolicy hpa = new HpaPolicy(0.5, 1, 100);
    // 3 ready at 100% (ratio 2), 2 starting counted at 0%: 3 x 1.0 / (0.5 x 5) = 1.2 -> ceil(1.2 x
    // 5) = 6
    assertThat(hpa.replicas(5, 3, 2, 1.0)).isEqualTo(6);
    // 2 ready at 60% (ratio 1.2), 2 starting: 1.2 / (0.5 x 4) = 0.6 flips below 1: no change
    assertThat(hpa.replicas(4, 2, 2, 0.6)).isEqualTo(4);
    // on scale-down, starting pods are left out: 2 ready at 10% -> ceil(0.2 x 2) = 1
    assertThat(hpa.replicas(4, 2, 2, 0.1)).isEqualTo(1);
  }

  @Test
  void scaleUpIsLimitedToFourPodsOrDoublingPerSyncPeriod() {
    // default policies: 4 pods per 15 s and 100% per 15 s, the larger wins
    assertThat(new HpaPolicy(0.5, 1, 100).normalize(0, 3, 20)).isEqualTo(7);
    assertThat(new HpaPolicy(0.5, 1, 100).normalize(0, 10, 40)).isEqualTo(20);
  }

  @Test
  void scaleDownWaitsForTheHighestRecommendationOfTheLastFiveMinutes() {
    HpaPolicy hpa = new HpaPolicy(0.5, 1, 100);
    assertThat(hpa.normalize(0, 10, 10)).isEqualTo(10);
    assertThat(hpa.normalize(100, 10, 5)).isEqualTo(10); // 10 was recommended 100 s ago
    assertThat(hpa.normalize(250, 10, 4)).isEqualTo(10);
    assertThat(hpa.normalize(301, 10, 4))
        .isEqualTo(5); // the 10 left the 300 s window; 5 (at 100 s) is the highest now
    assertThat(hpa.normalize(401, 5, 4)).isEqualTo(4);
  }

  @Test
  void boundsApplyLast() {
    assertThat(new HpaPolicy(0.5, 2, 6).normalize(0, 4, 1)).isEqualTo(2);
    assertThat(new HpaPolicy(0.5, 2, 6).normalize(0, 4, 9)).isEqualTo(6);
  }
}
