package io.specops.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import io.specops.metrics.PodRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommenderTest {
  private static final Instant T0 = Instant.parse("2026-02-10T18:00:00Z");

  @Test
  void anUnderUsedServiceAtItsMinimumIsToldToDownsizeAndRightSizeItsRequests() {
    // the backend (min 2) at 2 replicas, 15% cpu, 20% memory: requests are too large
    List<Recommendation> r =
        Recommender.recommend(TestBlueprints.backend(), history(2, 0.15, 0.20, 0.0, 0.25));
    assertThat(r)
        .extracting(Recommendation::kind)
        .containsExactly("downsize", "right_size_cpu", "right_size_memory", "consolidate");
    assertThat(r.get(1).action()).isEqualTo("cpu_request 100m -> 21m");
    assertThat(r.get(1).estimatedSavingsPercent()).isEqualTo(79);
    assertThat(r.get(0).priority()).isGreaterThanOrEqualTo(r.get(1).priority());
  }

  /**
   * The history's utilizations are of what the pods request: pods of the backend's 100m blueprint
   * whose injected proxy makes them 400m and 512Mi at 15 % CPU, 20 % memory right-size to 86m, not
   * the blueprint's 21m (before, the blueprint's request was right-sized, a quarter of what they
   * need).
   */
  @Test
  void theRightSizedRequestsAreOfWhatThePodsRequest() {
    List<Recommendation> r =
        Recommender.analyze(
                TestBlueprints.backend(),
                history(2, 0.15, 0.20, 0.0, 0.25),
                new PodRequest(400, 512L << 20))
            .recommendations();
    assertThat(r)
        .filteredOn(x -> x.kind().equals("right_size_cpu"))
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.action())
                    .isEqualTo(
                        "the pods' request 400m -> 86m (their utilization is of it; the"
                            + " blueprint's cpu_request says 100m)"));
    // where they request what the blueprint says, the blueprint's field is named
    assertThat(
            Recommender.analyze(
                    TestBlueprints.backend(),
                    history(2, 0.15, 0.20, 0.0, 0.25),
                    new PodRequest(100, 0))
                .recommendations())
        .filteredOn(x -> x.kind().equals("right_size_cpu"))
        .extracting(Recommendation::action)
        .containsExactly("cpu_request 100m -> 21m");
  }

  @Test
  void errorsAndAServiceStuckAtItsMaximumComeFirst() {
    List<Recommendation> r =
        Recommender.recommend(TestBlueprints.frontend(), history(5, 0.95, 0.85, 0.03, 0.93));
    assertThat(r).extracting(Recommendation::kind).containsExactlyInAnyOrder("errors", "capacity");
    assertThat(r).allSatisfy(x -> assertThat(x.priority()).isEqualTo(5));
  }

  @Test
  void tooLittleHistoryGivesNoRecommendationAndSaysHowMuchMoreInTime() {
    // 5 evaluations 30 s apart: 2 minutes of history
    Recommender.Result r =
        Recommender.analyze(
            TestBlueprints.backend(), history(2, 0.15, 0.2, 0.0, 0.2).subList(0, 5));
    assertThat(r.recommendations()).isEmpty();
    assertThat(r.evidence()).isEqualTo("needs 28m more of history (has 2m, needs 30m)");
  }

  /**
   * An often idle service is a scale-to-zero candidate, with savings from its own idle share, once
   * idleness is a pattern.
   */
  @Test
  void anOftenIdleServiceIsAScaleToZeroCandidateAfterAnHour() {
    List<HistoryPoint> h = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      boolean idle = i % 10 < 7; // idle 70% of the time
      h.add(
          new HistoryPoint(
              T0.plusSeconds(30L * i),
              2,
              idle ? 0.05 : 0.5,
              idle ? 0.0 : 0.6,
              0.3,
              50.0,
              idle ? 0.0 : 40.0,
              0.0));
    }
    Recommendation zero =
        Recommender.recommend(TestBlueprints.backend(), h).stream()
            .filter(r -> r.kind().equals("scale_to_zero"))
            .findFirst()
            .orElseThrow();
    assertThat(zero.estimatedSavingsPercent()).isEqualTo(70);
    assertThat(zero.rationale())
        .contains("idle (cpu under 2%, no requests) 70% of the time over the last 1h5m");
    // under an hour: not yet
    Recommendation early =
        Recommender.recommend(TestBlueprints.backend(), h.subList(0, 80)).stream()
            .filter(r -> r.kind().equals("scale_to_zero"))
            .findFirst()
            .orElseThrow();
    assertThat(early.estimatedSavingsPercent()).isNull();
    assertThat(early.rationale()).contains("more of history");
  }

  /**
   * A small, steadily busy service shares a pool: its savings from its own demand against its
   * replicas.
   */
  @Test
  void aSmallServiceIsToldToConsolidateIntoASharedPool() {
    // 2 replicas at 10% cpu: 0.2 of one pod's CPU; pooled at the 70% target: 0.29 pods, 86% less
    // than 2
    Recommendation pool =
        Recommender.recommend(TestBlueprints.frontend(), history(2, 0.10, 0.5, 0.0, 0.3)).stream()
            .filter(r -> r.kind().equals("consolidate"))
            .findFirst()
            .orElseThrow();
    assertThat(pool.estimatedSavingsPercent()).isEqualTo(86);
    assertThat(pool.rationale())
        .contains("0.20 of one pod's CPU on average")
        .contains("its share is 0.29 pods");
  }

  static List<HistoryPoint> history(
      int replicas, double cpu, double memory, double errors, double weighted) {
    List<HistoryPoint> out = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      out.add(
          new HistoryPoint(
              T0.plusSeconds(30L * i), replicas, weighted, cpu, memory, 100.0, 50.0, errors));
    }
    return out;
  }
}
