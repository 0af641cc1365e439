package io.specops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.json.Json;
import io.specops.kubernetes.ScaleOutcome;
import io.specops.kubernetes.ScaleResult;
import io.specops.service.DecisionOutcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit records' outcomes and events became enums; the audit log (files, PostgreSQL, the
 * Kubernetes Events sink that reads it back) and the scale activity's result in recorded histories
 * keep the strings they held before.
 */
class AuditRecordWireNamesTest {
  @Test
  void recordsWriteTheWireNames() {
    assertThat(
            Json.write(
                new OutcomeRecord("dec-1", "svc", "scale_up", 2, 3, DecisionOutcome.ROLLED_BACK)))
        .contains("\"outcome\":\"rolled_back\"");
    assertThat(
            Json.write(
                new ApprovalRecord(
                    "dec-1", "svc", ApprovalEvent.OBSOLETE, "alice", null, "", List.of())))
        .contains("\"event\":\"obsolete\"");
    assertThat(Json.write(ControlRecord.of("svc", ControlEvent.MANUAL_REQUEST_REFUSED, "x")))
        .contains("\"event\":\"manual_request_refused\"");
    Instant t = Instant.parse("2026-11-30T00:00:00Z");
    assertThat(Json.write(ExecutionRecord.failed("op-1", "svc", "scale_up", 2, 3, t, t, "boom")))
        .contains("\"outcome\":\"failed\"");
  }

  @Test
  void aScaleResultAsRecordedBeforeTheEnumReadsAndWritesTheSameString() {
    String recorded =
        """
        {"operation_id":"dec-1","outcome":"already_scaled","previous_replicas":2,
         "target_replicas":3,"resource_version":"42","started_at":"2026-11-30T00:00:00Z",
         "completed_at":"2026-11-30T00:00:01Z","message":"deployment.apps/x scaled"}
        """;
    ScaleResult result = Json.read(recorded, ScaleResult.class);
    assertThat(result.outcome()).isEqualTo(ScaleOutcome.ALREADY_SCALED);
    assertThat(Json.write(ExecutionRecord.of("svc", "scale_up", result)))
        .contains("\"outcome\":\"already_scaled\"");
  }

  @Test
  void everyWireNameIsLowerSnakeCaseAndDistinct() {
    for (Class<? extends Enum<?>> type :
        List.<Class<? extends Enum<?>>>of(
            ApprovalEvent.class, ControlEvent.class, ScaleOutcome.class)) {
      List<String> names = Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
      assertThat(names).allMatch(n -> n.matches("[a-z]+(_[a-z]+)*")).doesNotHaveDuplicates();
    }
  }
}
