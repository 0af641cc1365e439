package io.specops.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.specops.decision.Action;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueprintParserTest {

  @Test
  void seedFrontendCarriesSeed001Values() {
    Blueprint bp = TestBlueprints.frontend();
    assertThat(bp.name()).isEqualTo("todo-frontend");
    assertThat(bp.metadata().version()).isEqualTo("1.0.0");
    assertThat(bp.metadata().priority()).isEqualTo(Priority.MEDIUM);
    assertThat(bp.metadata().criticality()).isEqualTo(Criticality.STANDARD);
    assertThat(bp.metadata().namespace()).isEqualTo("todo-app");
    Blueprint.Scaling s = bp.spec().scaling();
    assertThat(s.minReplicas()).isEqualTo(1);
    assertThat(s.maxReplicas()).isEqualTo(5);
    assertThat(s.targetCpuUtilization()).isEqualTo(0.70);
    assertThat(s.targetMemoryUtilization()).isEqualTo(0.80);
    assertThat(s.scaleUpThreshold()).isEqualTo(0.80);
    assertThat(s.scaleDownThreshold()).isEqualTo(0.40);
    assertThat(bp.spec().resources().cpuRequestMillis()).isEqualTo(50);
    assertThat(bp.spec().resources().cpuLimitMillis()).isEqualTo(200);
    assertThat(bp.spec().resources().memoryRequestBytes()).isEqualTo(128L << 20);
    assertThat(bp.spec().resources().memoryLimitBytes()).isEqualTo(512L << 20);
    assertThat(bp.spec().performance().latencyP95Target()).isEqualTo(Duration.ofMillis(200));
    assertThat(bp.spec().performance().errorRateThreshold()).isEqualTo(0.01);
  }

  @Test
  void seedBackendCarriesSeed001Values() {
    Blueprint bp = TestBlueprints.backend();
    assertThat(bp.name()).isEqualTo("todo-backend");
    assertThat(bp.metadata().priority()).isEqualTo(Priority.HIGH);
    assertThat(bp.metadata().criticality()).isEqualTo(Criticality.CRITICAL);
    Blueprint.Scaling s = bp.spec().scaling();
    assertThat(s.minReplicas()).isEqualTo(2);
    assertThat(s.scaleUpThreshold()).isEqualTo(0.75);
    assertThat(s.scaleDownThreshold()).isEqualTo(0.35);
    assertThat(bp.spec().resources().cpuRequestMillis()).isEqualTo(100);
    assertThat(bp.spec().resources().memoryLimitBytes()).isEqualTo(1L << 30);
    assertThat(bp.spec().performance().latencyP95Target()).isEqualTo(Duration.ofMillis(150));
    assertThat(bp.spec().performance().errorRateThreshold()).isEqualTo(0.005);
  }

  @Test
  void defaultsApplyWhereTheBlueprintIsSilent() {
    Blueprint bp = TestBlueprints.frontend();
    assertThat(bp.spec().target()).isEqualTo(new Blueprint.Target("Deployment", "todo-frontend"));
    assertThat(bp.spec().scaling().cooldown().scaleUp()).isEqualTo(Duration.ofSeconds(60));
    assertThat(bp.spec().scaling().cooldown().scaleDown()).isEqualTo(Duration.ofSeconds(300));
    assertThat(bp.spec().scaling().maxStep()).isEqualTo(4);
    assertThat(bp.spec().evaluation().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(bp.spec().evaluation().weights()).isEqualTo(new Blueprint.Weights(0.5, 0.3, 0.2));
    assertThat(bp.spec().governance().allowedOperations())
        .containsExactly(Action.SCALE_UP, Action.SCALE_DOWN);
    assertThat(bp.spec().governance().approvalTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(bp.spec().prediction())
        .isEqualTo(
            new Blueprint.Prediction(true, 0.3, Duration.ofMinutes(5), Duration.ofSeconds(50)));
    assertThat(bp.spec().metrics().source()).isEqualTo("auto");
  }

  @Test
  void minAboveMaxAndABadCpuAreBothReportedWithFileAndField() {
    String yaml =
        """
        metadata:
          name: broken
        spec:
          scaling:
            min_replicas: 6
            max_replicas: 5
          resources:
            cpu_request: 50x
            memory_request: 128Mi
          performance:
            latency_p95_target: 200ms
        """;
    BlueprintException e =
        catchThrowableOfType(
            BlueprintException.class,
            () -> BlueprintParser.parse("blueprints/broken/blueprint.yaml", yaml));
    List<String> messages = e.errors().stream().map(ValidationError::toString).toList();
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "blueprints/broken/blueprint.yaml: spec.scaling.min_replicas (6) > max_replicas (5)"));
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "blueprints/broken/blueprint.yaml: spec.resources.cpu_request: \"50x\" is not a CPU quantity")
                    .endsWith("(line 8)"));
  }

  @Test
  void unknownFieldsAreErrorsWithADidYouMean() {
    String yaml =
        TestBlueprints.withScaling(
            """
        min_replicas: 1
        max_replicas: 5
        scale_up_treshold: 80%""");
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("f.yaml", yaml));
    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.path()).isEqualTo("spec.scaling.scale_up_treshold");
              assertThat(err.message())
                  .contains("unknown field")
                  .contains("did you mean \"scale_up_threshold\"");
            });
  }

  /**
   * A duration past a year is a typo: accepted, 99999999d would become a timer Temporal refuses,
   * failing the service's workflow task on every attempt. Refused here, naming the field.
   */
  @Test
  void aDurationLongerThanAYearIsRefusedNamingTheField() {
    String yaml =
        TestBlueprints.withScaling(
                """
        min_replicas: 1
        max_replicas: 5
        cooldown: {scale_down: 400d}""")
            + "  evaluation:\n    interval: 99999999d\n";
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("f.yaml", yaml));
    assertThat(e.errors())
        .extracting(ValidationError::path, ValidationError::message)
        .containsExactlyInAnyOrder(
            tuple(
                "spec.scaling.cooldown.scale_down",
                "\"400d\" is longer than a year (366d at most)"),
            tuple(
                "spec.evaluation.interval", "\"99999999d\" is longer than a year (366d at most)"));
    // a year is fine
    assertThat(
            BlueprintParser.parse(
                    "f.yaml",
                    TestBlueprints.withScaling(
                        """
        min_replicas: 1
        max_replicas: 5
        cooldown: {scale_down: 366d}"""))
                .spec()
                .scaling()
                .cooldown()
                .scaleDown())
        .isEqualTo(Duration.ofDays(366));
  }

  /** Replica counts come from the Kubernetes API: a query for them would be silently unread. */
  @Test
  void aQueryForTheReplicaCountIsRefusedAsNeverRead() {
    String yaml =
        TestBlueprints.yaml("backend")
            + "  metrics:\n    queries: {replicas: 'x', ready_replicas: 'y', cpu: 'z'}\n";
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("b.yaml", yaml));
    assertThat(e.errors())
        .extracting(ValidationError::path, ValidationError::message)
        .containsExactlyInAnyOrder(
            tuple(
                "spec.metrics.queries",
                "\"replicas\" is never read from a query: replica counts come from the Kubernetes"
                    + " API (the workload's status); remove it"),
            tuple(
                "spec.metrics.queries",
                "\"ready_replicas\" is never read from a query: replica counts come from the"
                    + " Kubernetes API (the workload's status); remove it"));
    // what the service workflow replays updates accepted before with
    Blueprint accepted = BlueprintParser.parseAcceptingUnreadQueries("b.yaml", yaml);
    assertThat(BlueprintParser.namesUnreadQuery(accepted)).isTrue();
    assertThat(
            BlueprintParser.namesUnreadQuery(
                BlueprintParser.parse("b.yaml", TestBlueprints.yaml("backend"))))
        .isFalse();
  }

  @Test
  void thresholdsMustBeOrderedAndWithinZeroToOne() {
    String yaml =
        TestBlueprints.withScaling(
            """
        max_replicas: 5
        scale_up_threshold: 50%
        scale_down_threshold: 60%
        target_cpu_utilization: 0%""");
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("f.yaml", yaml));
    assertThat(e.getMessage())
        .contains("spec.scaling.scale_down_threshold (60%) must be below scale_up_threshold (50%)")
        .contains("spec.scaling.target_cpu_utilization: must be above 0% and at most 100%, not 0%");
  }

  @Test
  void notificationsGoToAnEmailAddressOrAList() {
    String one =
        TestBlueprints.yaml("frontend") + "  notifications:\n    email: api-team@company.com\n";
    assertThat(BlueprintParser.parse("f.yaml", one).spec().notifications().email())
        .containsExactly("api-team@company.com");
    String list =
        TestBlueprints.yaml("frontend")
            + "  notifications:\n    webhook_url: env:SLACK\n    email: [a@company.com, b@company.com]\n";
    Blueprint.Notifications n = BlueprintParser.parse("f.yaml", list).spec().notifications();
    assertThat(n.email()).containsExactly("a@company.com", "b@company.com");
    assertThat(n.webhookUrl()).isEqualTo("env:SLACK");
    assertThat(TestBlueprints.frontend().spec().notifications().email()).isEmpty();
  }

  @Test
  void aMalformedEmailAddressIsNamed() {
    String yaml =
        TestBlueprints.yaml("frontend")
            + "  notifications:\n    email: [ok@company.com, \"Team <team@company.com>\", nobody]\n";
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("f.yaml", yaml));
    assertThat(e.getMessage())
        .contains(
            "spec.notifications.email: \"Team <team@company.com>\" is not an email address"
                + " (name@example.com)")
        .contains("spec.notifications.email: \"nobody\" is not an email address")
        .doesNotContain("\"ok@company.com\"");
  }

  @Test
  void aBoundOutOfRangeSaysTheRuleThenTheValueGiven() {
    String yaml =
        TestBlueprints.withScaling(
            """
        min_replicas: 0
        max_replicas: 5
        max_step: 0""");
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("f.yaml", yaml));
    assertThat(e.getMessage())
        .contains("spec.scaling.min_replicas: must be at least 1, not 0")
        .contains("spec.scaling.max_step: must be at least 1, not 0");
  }

  @Test
  void wrongTypesGiveFieldErrorsNotStackTraces() {
    String yaml =
        """
        metadata:
          name: svc
          priority: urgent
        spec:
          scaling: 5
          resources:
            cpu_request: [1, 2]
            memory_request: 128Mi
          performance:
            latency_p95_target: 200
        """;
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("f.yaml", yaml));
    assertThat(e.getMessage())
        .contains("metadata.priority: \"urgent\" is not one of low, medium, high, critical")
        .contains("spec.scaling: expected a mapping of fields, got \"5\"")
        .contains("spec.resources.cpu_request: expected a single value, got a list")
        .contains("spec.performance.latency_p95_target: \"200\" has no unit");
  }

  @Test
  void malformedYamlNamesTheLine() {
    String yaml = "metadata:\n  name: svc\n spec: [\n";
    assertThatThrownBy(() -> BlueprintParser.parse("bad.yaml", yaml))
        .isInstanceOf(BlueprintException.class)
        .hasMessageStartingWith("bad.yaml: malformed YAML")
        .hasMessageContaining("(line ");
  }

  @Test
  void emptyAndMultiDocumentFilesAreRefused() {
    assertThatThrownBy(() -> BlueprintParser.parse("e.yaml", "  \n"))
        .hasMessage("e.yaml: the blueprint is empty");
    assertThatThrownBy(() -> BlueprintParser.parse("m.yaml", "a: 1\n---\nb: 2\n"))
        .hasMessageContaining("one blueprint per file");
  }

  @Test
  void duplicateKeysAreReported() {
    String yaml = TestBlueprints.withScaling("max_replicas: 5\nmax_replicas: 6");
    assertThatThrownBy(() -> BlueprintParser.parse("d.yaml", yaml))
        .hasMessageContaining("spec.scaling.max_replicas: duplicate key");
  }

  @Test
  void approvalRulesWithoutApproversAreRefused() {
    String yaml = TestBlueprints.frontend().source();
    String text =
        TestBlueprints.yaml("frontend")
            .replace("approvers: [alice, bob]", "require_approval: {scale_down: true}");
    assertThatThrownBy(() -> BlueprintParser.parse(yaml, text))
        .hasMessageContaining(
            "spec.governance.approvers: is empty but require_approval asks for approvals");
  }

  @Test
  void governanceFreezeWindowsAndWeightsParse() {
    String text =
        TestBlueprints.yaml("frontend")
            .replace(
                "approvers: [alice, bob]",
                """
        approvers: [alice]
            approval_timeout: 10m
            require_approval: {step_above: 2, replicas_above: 4}
            change_freeze:
              - days: [sat, sunday]
                start: "22:00"
                end: "06:00"
                reason: weekend
            dry_run: true
          evaluation:
            interval: 15s
            weights: {cpu: 0.6, memory: 0.2, latency: 0.2}""");
    Blueprint bp = BlueprintParser.parse("f.yaml", text);
    Blueprint.Governance g = bp.spec().governance();
    assertThat(g.requireApproval()).isEqualTo(new Blueprint.ApprovalRules(false, false, 2, 4));
    assertThat(g.changeFreeze())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.days()).containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
              assertThat(w.start()).hasToString("22:00");
            });
    assertThat(g.dryRun()).isTrue();
    assertThat(bp.spec().evaluation().interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(bp.spec().evaluation().weights().cpu()).isEqualTo(0.6);
  }

  @Test
  void weightsMustAddUpToOne() {
    String text =
        TestBlueprints.yaml("frontend")
            .replace(
                "dependencies: [todo-backend]",
                """
        dependencies: [todo-backend]
          evaluation:
            weights: {cpu: 0.6, memory: 0.3, latency: 0.2}""");
    assertThatThrownBy(() -> BlueprintParser.parse("f.yaml", text))
        .hasMessageContaining(
            "spec.evaluation.weights: cpu + memory + latency must add up to 1 (they add up to 1.1)");
  }

  @Test
  void knownFieldPathsCoverNestedFields() {
    assertThat(BlueprintParser.knownFieldPaths())
        .contains(
            "metadata.name",
            "spec.scaling.max_replicas",
            "spec.scaling.cooldown.scale_up",
            "spec.governance.change_freeze[].start",
            "spec.evaluation.weights.latency",
            "spec.prediction.horizon");
  }

  @Test
  void aTagSnakeYamlRefusesOutsideItsOwnExceptionIsMalformedYaml() {
    // found by BlueprintParserFuzzProperties: SnakeYAML throws IllegalArgumentException here
    BlueprintException e =
        catchThrowableOfType(
            BlueprintException.class,
            () -> BlueprintParser.parse("f.yaml", "metadata: !<%20x> todo-frontend\n"));
    assertThat(e.errors())
        .singleElement()
        .satisfies(v -> assertThat(v.toString()).contains("malformed YAML: Tag must not"));
  }

  @Test
  void aNegativeCpuQuantityIsRefused() {
    // found by BlueprintSchemaConformanceTest: a CPU quantity may carry a sign, and "-1" passed
    String yaml =
        TestBlueprints.yaml("frontend")
            .replace("cpu_request: 50m", "cpu_request: -1")
            .replace("cpu_limit: 200m", "cpu_limit: -0.2");
    BlueprintException e =
        catchThrowableOfType(BlueprintException.class, () -> BlueprintParser.parse("f.yaml", yaml));
    assertThat(e.getMessage())
        .contains("spec.resources.cpu_request: must be greater than 0")
        .contains("spec.resources.cpu_limit: must not be negative");
  }
}
