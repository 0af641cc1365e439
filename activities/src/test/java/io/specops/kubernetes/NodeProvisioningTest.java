package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pods the scheduler could not place wait for a node when a cluster autoscaler said it adds one for
 * them (Cluster Autoscaler's TriggeredScaleUp, Karpenter's Nominated), recently; otherwise they
 * just do not fit. (The API reads are RealControlPlaneKubeIT's.)
 */
class NodeProvisioningTest {
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void anAutoscalersRecentWordForAnUnschedulablePodMeansANodeIsComing() {
    Set<String> pending = Set.of("web-5d-aaaaa", "web-5d-bbbbb");
    assertThat(NodeProvisioning.waiting(pending, List.of(), NOW)).isNull();
    List<Event> unrelated =
        List.of(
            event("web-5d-aaaaa", "NotTriggerScaleUp", "pod didn't trigger scale-up", 10),
            event("web-5d-aaaaa", "TriggeredScaleUp", "an hour ago", 3600),
            event("other-7c-ccccc", "TriggeredScaleUp", "not this workload's pod", 10));
    assertThat(NodeProvisioning.waiting(pending, unrelated, NOW)).isNull();

    Event ca =
        event("web-5d-aaaaa", "TriggeredScaleUp", "pod triggered scale-up: [{pool 2->3}]", 30);
    assertThat(NodeProvisioning.waiting(pending, List.of(ca), NOW))
        .isEqualTo(
            "1 pod waits for a node being added (TriggeredScaleUp: pod triggered scale-up:"
                + " [{pool 2->3}])");
    Event karpenter =
        event("web-5d-bbbbb", "Nominated", "Pod should schedule on: nodeclaim/default-x", 5);
    assertThat(NodeProvisioning.waiting(pending, List.of(ca, karpenter), NOW))
        .as("two pods; the latest word is quoted")
        .isEqualTo(
            "2 pods wait for a node being added (Nominated: Pod should schedule on:"
                + " nodeclaim/default-x)");
  }

  @Test
  void onlyAPendingPodTheSchedulerCouldNotPlaceIsUnschedulable() {
    assertThat(NodeProvisioning.unschedulable(pod("Pending", "False", "Unschedulable"))).isTrue();
    assertThat(NodeProvisioning.unschedulable(pod("Pending", "True", null))).isFalse();
    assertThat(NodeProvisioning.unschedulable(pod("Running", "True", null))).isFalse();
    assertThat(NodeProvisioning.unschedulable(pod("Pending", "False", "SchedulingGated")))
        .isFalse();
    assertThat(NodeProvisioning.unschedulable(new Pod())).isFalse();
  }

  private static Pod pod(String phase, String scheduled, String reason) {
    return new PodBuilder()
        .withNewStatus()
        .withPhase(phase)
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus(scheduled)
        .withReason(reason)
        .endCondition()
        .endStatus()
        .build();
  }

  private static Event event(String pod, String reason, String message, long secondsAgo) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(pod + "." + reason)
        .endMetadata()
        .withNewInvolvedObject()
        .withKind("Pod")
        .withName(pod)
        .endInvolvedObject()
        .withReason(reason)
        .withMessage(message)
        .withLastTimestamp(NOW.minusSeconds(secondsAgo).toString())
        .build();
  }
}
