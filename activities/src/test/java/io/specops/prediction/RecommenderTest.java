package io.specops.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.TestBlueprints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommenderTest {
  private static final Instant T0 = Instant.parse("2026-02-10T18:00:00Z");

  @Test
  void anUnderUsedServiceAtItsMinimumIsToldToDownsizeAndRightSizeItsRequests() {
    // the backend (min 2) at 2 replicas, 15% cpu, 20% memory: requests are too large
    List<Recommendation> r = Recommender.recommend(TestBlueprints.backend(), history(2, 0.15, 0.20, 0.0, 0.25));
    assertThat(r).extracting(Recommendation::kind).containsExactly("downsize", "right_size_cpu", "right_size_memory");
    assertThat(r.get(1).action()).isEqualTo("cpu_request 100m -> 21m");
    assertThat(r.get(1).estimatedSavingsPercent()).isEqualTo(79);
    assertThat(r.get(0).priority()).isGreaterThanOrEqualTo(r.get(1).priority());
  }

  @Test
  void errorsAndAServiceStuckAtItsMaximumComeFirst() {
    List<Recommendation> r = Recommender.recommend(TestBlueprints.frontend(), history(5, 0.95, 0.85, 0.03, 0.93));
    assertThat(r).extracting(Recommendation::kind).containsExactlyInAnyOrder("errors", "capacity");
    assertThat(r).allSatisfy(x -> assertThat(x.priority()).isEqualTo(5));
  }

  @Test
  void tooLittleHistoryGivesNoRecommendation() {
    assertThat(Recommender.recommend(TestBlueprints.backend(), history(2, 0.15, 0.2, 0.0, 0.2).subList(0, 5))).isEmpty();
  }

  static List<HistoryPoint> history(int replicas, double cpu, double memory, double errors, double weighted) {
    List<HistoryPoint> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      out.add(new HistoryPoint(T0.plusSeconds(30L * i), replicas, weighted, cpu, memory, 100.0, 50.0, errors));
    }
    return out;
  }
}
