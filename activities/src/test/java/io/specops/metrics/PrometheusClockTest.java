package io.specops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrometheusClockTest {
  private final PrometheusClock clock = new PrometheusClock("http://prometheus:9090");
  private final Instant sent = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void untilAnAnswerSaysOtherwiseTheClocksAgree() {
    assertThat(clock.known()).isFalse();
    assertThat(clock.toPrometheus(sent)).isEqualTo(sent);
  }

  /** The answer was evaluated between sending and receiving: the midpoint is compared. */
  @Test
  void theDifferenceIsTakenFromTheMiddleOfTheRoundTrip() {
    Instant evaluated = sent.minus(Duration.ofMinutes(10)).plusMillis(200);
    clock.evaluatedAt(evaluated.toEpochMilli() / 1000.0, sent, sent.plusMillis(400));
    assertThat(clock.known()).isTrue();
    assertThat(clock.ahead()).isEqualTo(Duration.ofMinutes(-10));
    Instant workerNow = sent.plusSeconds(60);
    assertThat(clock.toPrometheus(workerNow)).isEqualTo(workerNow.minus(Duration.ofMinutes(10)));
    assertThat(clock.toWorker(clock.toPrometheus(workerNow))).isEqualTo(workerNow);
  }

  @Test
  void aLaterAnswerReplacesTheDifferenceAndNonsenseChangesNothing() {
    clock.evaluatedAt(sent.plusSeconds(90).toEpochMilli() / 1000.0, sent, sent);
    clock.evaluatedAt(Double.NaN, sent, sent);
    clock.evaluatedAt(0, sent, sent);
    assertThat(clock.ahead()).isEqualTo(Duration.ofSeconds(90));
    clock.evaluatedAt(sent.toEpochMilli() / 1000.0, sent, sent);
    assertThat(clock.ahead()).isZero();
  }
}
