package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Why a workload's pods do not come: a Deployment's conditions as the controller sets them, a
 * StatefulSet's FailedCreate Events.
 */
class WorkloadsTest {
  /** A workload's selector picks its pods as the API server's label selection would. */
  @Test
  void aSelectorSelectsAsTheApiServerDoes() {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .addToMatchLabels("app", "web")
            .addNewMatchExpression()
            .withKey("track")
            .withOperator("In")
            .withValues("stable", "canary")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("NotIn")
            .withValues("batch")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("team")
            .withOperator("Exists")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("legacy")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    Map<String, String> pod = Map.of("app", "web", "track", "canary", "team", "shop");
    assertThat(Workloads.selects(selector, pod)).isTrue();
    assertThat(Workloads.selects(selector, with(pod, "tier", "front"))).isTrue();
    assertThat(Workloads.selects(selector, with(pod, "tier", "batch"))).isFalse();
    assertThat(Workloads.selects(selector, with(pod, "app", "api"))).isFalse();
    assertThat(Workloads.selects(selector, with(pod, "track", "beta"))).isFalse();
    assertThat(Workloads.selects(selector, with(pod, "legacy", ""))).isFalse();
    assertThat(Workloads.selects(selector, Map.of("app", "web", "track", "stable"))).isFalse();
    assertThat(Workloads.selects(selector, null)).isFalse();
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> more = new java.util.HashMap<>(labels);
    more.put(key, value);
    return more;
  }

  @Test
  void aReplicaFailureOrAPassedDeadlineIsTheProblemAndAHealthyRolloutIsNone() {
    assertThat(
            Workloads.problem(
                deployment(
                    condition("Available", "True", "MinimumReplicasAvailable", "ok"),
                    condition("ReplicaFailure", "True", "FailedCreate", "exceeded quota: q"))))
        .isEqualTo("FailedCreate: exceeded quota: q");
    assertThat(
            Workloads.problem(
                deployment(
                    condition(
                        "Progressing",
                        "False",
                        "ProgressDeadlineExceeded",
                        "ReplicaSet \"web-5d\" has timed out progressing."))))
        .isEqualTo("ProgressDeadlineExceeded: ReplicaSet \"web-5d\" has timed out progressing.");
    assertThat(
            Workloads.problem(
                deployment(
                    condition("Progressing", "True", "NewReplicaSetAvailable", "done"),
                    condition("ReplicaFailure", "False", "FailedCreate", "old"))))
        .isNull();
    assertThat(Workloads.problem(deployment())).isNull();
    assertThat(Workloads.problem(new StatefulSetBuilder().withNewSpec().endSpec().build()))
        .isNull();
  }

  /**
   * A StatefulSet reports no condition: the latest recent FailedCreate Event on it is why its pods
   * do not come; an old one (the refusal ended), another object's, or another reason is not. (The
   * API server's field selectors that fetch them are RealControlPlaneKubeIT's.)
   */
  @Test
  void aStatefulSetsRecentFailedCreateEventIsItsProblem() {
    Instant now = Instant.parse("2026-12-02T12:00:00Z");
    List<Event> events = new ArrayList<>();
    assertThat(Workloads.latestCreateFailure(events, "db", now)).isNull();
    events.add(
        event("StatefulSet", "db", "FailedCreate", "quota long gone", now.minusSeconds(300)));
    events.add(event("StatefulSet", "cache", "FailedCreate", "not db's", now));
    events.add(event("Deployment", "db", "FailedCreate", "a Deployment's", now));
    events.add(
        event("StatefulSet", "db", "SuccessfulCreate", "create Pod db-0", now.minusSeconds(200)));
    assertThat(Workloads.latestCreateFailure(events, "db", now)).isNull();
    events.add(event("StatefulSet", "db", "FailedCreate", "first", now.minusSeconds(60)));
    events.add(
        event(
            "StatefulSet",
            "db",
            "FailedCreate",
            "create Pod db-2 in StatefulSet db failed error: exceeded quota: two-pods",
            now.minusSeconds(10)));
    assertThat(Workloads.latestCreateFailure(events, "db", now))
        .isEqualTo(
            "FailedCreate: create Pod db-2 in StatefulSet db failed error: exceeded quota:"
                + " two-pods");
    // the quota freed: db-2 created after the last refusal, db-3 on its way (before, still
    // refused until the FailedCreate was two minutes old, and db-3 held no room meanwhile)
    events.add(
        event("StatefulSet", "db", "SuccessfulCreate", "create Pod db-1", now.minusSeconds(90)));
    events.add(
        event("StatefulSet", "db", "SuccessfulCreate", "create Pod db-2", now.minusSeconds(10)));
    assertThat(Workloads.latestCreateFailure(events, "db", now))
        .as("a create in the same second as the refusal: still refused")
        .startsWith("FailedCreate: create Pod db-2");
    events.add(
        event("StatefulSet", "db", "SuccessfulCreate", "create Pod db-2", now.minusSeconds(5)));
    assertThat(Workloads.latestCreateFailure(events, "db", now)).isNull();
  }

  private static Event event(
      String kind, String object, String reason, String message, Instant last) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(object + "." + last.getEpochSecond())
        .endMetadata()
        .withNewInvolvedObject()
        .withKind(kind)
        .withName(object)
        .endInvolvedObject()
        .withReason(reason)
        .withMessage(message)
        .withType("Warning")
        .withLastTimestamp(last.toString())
        .build();
  }

  @Test
  void aLongMessageIsCut() {
    String problem =
        Workloads.problem(
            deployment(
                condition(
                    "ReplicaFailure", "True", "FailedCreate", "denied: " + "x".repeat(2000))));
    assertThat(problem)
        .hasSize(Workloads.MAX_PROBLEM)
        .startsWith("FailedCreate: denied: ")
        .endsWith("...");
  }

  private static Deployment deployment(DeploymentCondition... conditions) {
    return new DeploymentBuilder()
        .withNewSpec()
        .withReplicas(3)
        .endSpec()
        .withNewStatus()
        .withConditions(conditions)
        .endStatus()
        .build();
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, String message) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
