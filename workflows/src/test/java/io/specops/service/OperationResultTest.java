package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.json.Json;
import io.specops.verification.VerificationOutcome;
import org.junit.jupiter.api.Test;

/**
 * The operation's end became an enum; the service state that continue-as-new carries and the status
 * JSON keep the seeds' strings, both ways.
 */
class OperationResultTest {
  @Test
  void aSummaryAsRecordedBeforeTheEnumReadsAndWritesTheSameStrings() throws Exception {
    for (OperationResult r : OperationResult.values()) {
      String recorded =
          """
          {"decision_id":"dec-1","action":"scale_up","from_replicas":2,"to_replicas":3,
           "outcome":"%s","started_at":"2026-11-30T10:00:00Z","ended_at":null}
          """
              .formatted(r.wire());
      OperationSummary s = Json.mapper().readValue(recorded, OperationSummary.class);
      assertThat(s.outcome()).isEqualTo(r);
      assertThat(Json.mapper().writeValueAsString(s)).contains("\"outcome\":\"" + r.wire() + "\"");
    }
  }

  @Test
  void theVerificationDecidesHowAnOperationEnds() {
    assertThat(OperationResult.after(VerificationOutcome.SUCCESS))
        .isEqualTo(OperationResult.VERIFIED);
    assertThat(OperationResult.after(VerificationOutcome.PARTIAL))
        .isEqualTo(OperationResult.PARTIAL);
    assertThat(OperationResult.after(VerificationOutcome.FAILURE))
        .isEqualTo(OperationResult.ROLLED_BACK);
    assertThat("ended " + OperationResult.ROLLED_BACK).isEqualTo("ended rolled_back");
    for (OperationResult r : OperationResult.values()) {
      assertThat(DecisionOutcome.of(r).wire())
          .as("a decision ends as its operation")
          .isEqualTo(r.wire());
    }
  }
}
