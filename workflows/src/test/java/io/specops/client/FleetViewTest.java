package io.specops.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.coordination.FleetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetViewTest {
  private static final Instant T = Instant.parse("2026-12-01T20:00:00Z");

  @Test
  void refusedBlueprintsAreNamedWithTheirErrorsAndWhatToDo() {
    FleetView refused =
        view(
            List.of(
                "/srv/blueprints/broken/blueprint.yaml: spec.scaling.min_replicas (3) >"
                    + " max_replicas (2) (line 6)",
                "/srv/blueprints/broken/blueprint.yaml: spec.resources.cpu_request is missing"));
    assertThat(refused.refusedBlueprints())
        .isEqualTo(
            "Refused blueprint: /srv/blueprints/broken/blueprint.yaml: spec.scaling.min_replicas"
                + " (3) > max_replicas (2) (line 6)\n"
                + "Refused blueprint: /srv/blueprints/broken/blueprint.yaml:"
                + " spec.resources.cpu_request is missing\n"
                + "  not running; fix it, then: specops fleet reload\n");
    assertThat(view(List.of()).refusedBlueprints()).isEmpty();
    assertThat(view(null).refusedBlueprints()).isEmpty();
  }

  private static FleetView view(List<String> errors) {
    FleetStatus status =
        new FleetStatus(
            "default",
            List.of(),
            null,
            0,
            0,
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            errors,
            5,
            Duration.ofMinutes(5),
            1);
    return new FleetView("default", T, status, List.of(), null, List.of());
  }
}
