package io.specops.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The outcome became an enum; what recorded histories and audit logs hold stays the seeds' string,
 * both ways.
 */
class VerificationOutcomeTest {
  @Test
  void aReportAsRecordedBeforeTheEnumReadsAndWritesTheSameStrings() throws Exception {
    String recorded =
        """
        {"verification_id":"ver-1","service":"todo-frontend","decision_id":"dec-1",
         "outcome":"partial","checks":[],"summary":{"verification_result":"partial",
         "rationale":"kept"},"after":null}
        """;
    VerificationReport report = Json.mapper().readValue(recorded, VerificationReport.class);
    assertThat(report.outcome()).isEqualTo(VerificationOutcome.PARTIAL);
    assertThat(report.failed()).isFalse();
    assertThat(Json.mapper().writeValueAsString(report)).contains("\"outcome\":\"partial\"");
  }

  @Test
  void onlyFailureFails() {
    assertThat(
            new VerificationReport("v", "s", "d", VerificationOutcome.SUCCESS, null, null, null)
                .failed())
        .isFalse();
    assertThat(
            new VerificationReport("v", "s", "d", VerificationOutcome.FAILURE, null, null, null)
                .failed())
        .isTrue();
  }
}
