package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.blueprint.TestBlueprints;
import io.specops.json.Json;
import org.junit.jupiter.api.Test;

class DecideCommandTest {
  private final String blueprints = TestBlueprints.repoRoot().resolve("blueprints").toString();

  @Test
  void seedFrontendDecidesScaleUpToThreeAllowed() throws Exception {
    CliRunner r =
        CliRunner.run(
            "decide",
            "--blueprint",
            blueprints + "/frontend/blueprint.yaml",
            "--replicas",
            "2",
            "--cpu",
            "85%",
            "--memory",
            "70%",
            "--latency-p95",
            "180ms",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = Json.mapper().readTree(r.out());
    assertThat(json.get("decision_id").asText()).matches("dec-\\d{8}-\\d{6}-todo-frontend-001");
    assertThat(json.get("service").asText()).isEqualTo("todo-frontend");
    assertThat(json.get("action").asText()).isEqualTo("scale_up");
    assertThat(json.get("current_replicas").asInt()).isEqualTo(2);
    assertThat(json.get("target_replicas").asInt()).isEqualTo(3);
    assertThat(json.get("weighted_utilization").asDouble()).isEqualTo(0.815);
    assertThat(json.get("rationale").asText())
        .startsWith("Weighted utilization (81.5%) exceeds scale_up_threshold (80%)");
    JsonNode governance = json.get("governance");
    assertThat(governance.get("classification").asText()).isEqualTo("allowed");
    assertThat(governance.get("requires_approval").asBoolean()).isFalse();
    assertThat(governance.get("blueprint_references").get(0).asText())
        .endsWith("blueprints/frontend/blueprint.yaml:spec.scaling.max_replicas");
  }

  @Test
  void seedBackendDecidesNoAction() throws Exception {
    CliRunner r =
        CliRunner.run(
            "decide",
            "--blueprint",
            blueprints + "/backend/blueprint.yaml",
            "--replicas",
            "3",
            "--cpu",
            "45%",
            "--memory",
            "50%",
            "--latency-p95",
            "100ms",
            "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode json = Json.mapper().readTree(r.out());
    assertThat(json.get("action").asText()).isEqualTo("no_action");
    assertThat(json.get("target_replicas").asInt()).isEqualTo(3);
    assertThat(json.get("rationale").asText())
        .contains("scale_down_threshold (35%) and scale_up_threshold (75%)");
    assertThat(json.get("governance").get("classification").asText()).isEqualTo("n/a");
  }

  @Test
  void theTableShowsTheFormulaWithItsNumbers() {
    CliRunner r =
        CliRunner.run(
            "decide",
            "--blueprint",
            blueprints + "/frontend/blueprint.yaml",
            "--replicas",
            "2",
            "--cpu",
            "85%",
            "--memory",
            "70%",
            "--latency-p95",
            "180ms");
    assertThat(r.out())
        .contains("scale_up (2 -> 3)")
        .contains("81.5%  = 0.5 x cpu 85% + 0.3 x memory 70% + 0.2 x p95/target 90%")
        .contains("classification  allowed");
  }

  @Test
  void badMetricsAreRefusedWithTheOptionNamed() {
    CliRunner r =
        CliRunner.run(
            "decide",
            "--blueprint",
            blueprints + "/frontend/blueprint.yaml",
            "--replicas",
            "2",
            "--cpu",
            "85",
            "--memory",
            "70%",
            "--latency-p95",
            "180ms");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("Invalid value for option '--cpu': 85 is not a fraction (write 85% or 0.85)");
  }

  @Test
  void aMissingBlueprintIsOneClearLine() {
    CliRunner r =
        CliRunner.run(
            "decide",
            "--blueprint",
            "nope.yaml",
            "--replicas",
            "2",
            "--cpu",
            "85%",
            "--memory",
            "70%",
            "--latency-p95",
            "180ms");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err().strip()).isEqualTo("specops: nope.yaml: no such file");
  }
}
