package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.kubernetes.WorkloadState;
import io.specops.metrics.PodRequest;
import io.specops.service.OperationReadingTest;
import io.specops.service.ServiceStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `specops status SERVICE` while an operation waits for its pods. */
class StatusCommandTest {
  private static final Instant T = Instant.parse("2026-12-01T17:00:20Z");

  @Test
  void theOperationLineSaysWhyThePodsDoNotCome() {
    ServiceStatus.OperationInFlight op =
        OperationReadingTest.scaleUp()
            .withReading(
                new WorkloadState(
                    3, 2, 2, "7", T, "FailedCreate: pods \"x\" is forbidden: exceeded quota: q"));
    assertThat(StatusCommand.detail(OperationReadingTest.status(op), List.of(), T))
        .contains(
            "scale_up 2 -> 3: waiting for pods (3 desired, 2 ready; FailedCreate: pods \"x\" is"
                + " forbidden: exceeded quota: q), started 20 seconds ago");
    assertThat(
            StatusCommand.detail(
                OperationReadingTest.status(
                    OperationReadingTest.scaleUp().withReading(OperationReadingTest.reading(3, 2))),
                List.of(),
                T))
        .contains("scale_up 2 -> 3: waiting for pods (3 desired, 2 ready), started");
  }

  @Test
  void theRequestsLineSaysWhenThePodTemplateAsksForMoreThanTheBlueprint() {
    ServiceStatus matching =
        withPodRequest(OperationReadingTest.status(null), new PodRequest(100, 128L << 20));
    assertThat(StatusCommand.detail(matching, List.of(), T))
        .contains("requests     100m cpu, 128Mi memory per pod\n");
    ServiceStatus larger =
        withPodRequest(OperationReadingTest.status(null), new PodRequest(1500, 64L << 20));
    assertThat(StatusCommand.detail(larger, List.of(), T))
        .contains(
            "requests     100m cpu, 128Mi memory per pod (blueprint); the pods request"
                + " 1500m, 64Mi: room is asked for at 1500m, 128Mi, set spec.resources to match");
  }

  private static ServiceStatus withPodRequest(ServiceStatus s, PodRequest request) {
    return OperationReadingTest.status(null, s.observed().withPodRequest(request));
  }
}
