package io.specops.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.TestBlueprints;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void blueprintsSurviveTheRoundTripTemporalPayloadsTake() {
    Blueprint bp = TestBlueprints.backend();
    String json = Json.write(bp);
    assertThat(json)
        .contains("\"min_replicas\":2")
        .contains("\"latency_p95_target\":\"150ms\"")
        .contains("\"criticality\":\"critical\"");
    assertThat(Json.read(json, Blueprint.class)).isEqualTo(bp);
  }

  /** Workflow inputs recorded before spec.notifications.email existed read as "no email". */
  @Test
  void aBlueprintRecordedBeforeEmailExistedHasNoEmail() {
    Blueprint bp = TestBlueprints.frontend();
    String json = Json.write(bp);
    assertThat(json).contains("\"email\":[]");
    String recorded = json.replace(",\"email\":[]", "");
    assertThat(recorded).doesNotContain("\"email\"");
    Blueprint old = Json.read(recorded, Blueprint.class);
    assertThat(old.spec().notifications().email()).isEmpty();
    assertThat(old).isEqualTo(bp);
  }

  @Test
  void durationsReadInEveryReasonableSpelling() {
    record Holder(Duration d) {}
    assertThat(Json.read("{\"d\":\"5m\"}", Holder.class).d()).isEqualTo(Duration.ofMinutes(5));
    assertThat(Json.read("{\"d\":\"PT30S\"}", Holder.class).d()).isEqualTo(Duration.ofSeconds(30));
    assertThat(Json.read("{\"d\":1.5}", Holder.class).d()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void textAfterTheJsonValueIsMalformedNotIgnored() {
    assertThatThrownBy(() -> Json.mapper().readTree("{\"decision\": \"approve\"} trailing"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.mapper().readTree("{\"decision\": \"approve\"} {}"))
        .hasMessageContaining("Trailing token");
  }
}
