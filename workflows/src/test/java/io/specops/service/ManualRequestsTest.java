package io.specops.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The operator's scale requests, as plain state: one waits, a newer one supersedes it. */
class ManualRequestsTest {
  private final ManualRequests requests = new ManualRequests();

  @Test
  void aNewerRequestSupersedesOneNotYetEvaluated() {
    long first = requests.queue(new ScaleCommand(3, "alice", "launch"));
    long second = requests.queue(new ScaleCommand(4, "bob", "bigger launch"));
    assertThat(second).isEqualTo(first + 1);
    assertThat(requests.answered(first)).isTrue();
    assertThat(requests.collect(first).outcome()).isEqualTo(ScaleAnswer.Outcome.SUPERSEDED);
    assertThat(requests.answered(second)).isFalse();
    assertThat(requests.take().replicas()).isEqualTo(4);
    assertThat(requests.pending()).isFalse();
    assertThat(requests.take()).isNull();
  }

  @Test
  void aCycleThatNeverAnsweredReportsAFailedEvaluation() {
    long n = requests.queue(new ScaleCommand(2, "alice", null));
    requests.take();
    requests.answerIfUnanswered();
    ScaleAnswer answer = requests.collect(n);
    assertThat(answer.outcome()).isEqualTo(ScaleAnswer.Outcome.EVALUATION_FAILED);
    assertThat(requests.collect(n)).as("collected once").isNull();
  }

  @Test
  void oldAnswersNobodyCollectedAreDropped() {
    long first = requests.queue(new ScaleCommand(1, "alice", null));
    for (int i = 0; i < 25; i++) {
      requests.queue(new ScaleCommand(2 + i, "alice", null));
    }
    assertThat(requests.answered(first)).isFalse();
    assertThat(requests.answered(first + 24)).isTrue();
  }
}
