package io.specops.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.prediction.HistoryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LoadProjectionTest {
  /** Memory = 40% base + 30% x cpu; weighted = 0.6 cpu + 0.4 memory = 0.16 + 0.72 cpu. */
  private static double weighted(double cpu) {
    return 0.6 * cpu + 0.4 * (0.4 + 0.3 * cpu);
  }

  private static List<HistoryPoint> history(double fromCpu, double toCpu) {
    List<HistoryPoint> points = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double cpu = fromCpu + (toCpu - fromCpu) * i / 39.0;
      points.add(
          new HistoryPoint(
              Instant.EPOCH.plusSeconds(15L * i),
              13,
              weighted(cpu),
              cpu,
              0.4 + 0.3 * cpu,
              null,
              null,
              null));
    }
    return points;
  }

  private static Utilization now(double cpu) {
    return new Utilization(cpu, 0.4 + 0.3 * cpu, 0, 0, weighted(cpu), null);
  }

  @Test
  void aBlendWithAPerPodBaseIsProjectedAlongItsLineNotInProportion() {
    LoadProjection line = LoadProjection.fit(history(0.15, 0.85));
    assertThat(line).isNotNull();
    assertThat(line.slope()).isCloseTo(0.72, Offset.offset(1e-9));
    assertThat(line.intercept()).isCloseTo(0.16, Offset.offset(1e-9));
    // 13 pods at 20% cpu down to 4: cpu 65%, the blend 0.628, where proportion says 1.03
    Utilization u = now(0.2);
    assertThat(LoadProjection.after(u, 13, 4, line)).isCloseTo(weighted(0.65), Offset.offset(1e-9));
    assertThat(LoadProjection.after(u, 13, 4, null))
        .isCloseTo(u.weighted() * 13 / 4, Offset.offset(1e-9));
  }

  @Test
  void withoutEvidenceOrBeyondItTheProjectionStaysProportional() {
    Utilization u = now(0.2);
    double proportional = u.weighted() * 13 / 4;
    // too little spread in cpu to see a line
    assertThat(LoadProjection.fit(history(0.2, 0.25))).isNull();
    // a line that only covers cpu up to 50%: a projected 65% is beyond what it saw
    LoadProjection shortLine = LoadProjection.fit(history(0.15, 0.5));
    assertThat(shortLine).isNotNull();
    assertThat(LoadProjection.after(u, 13, 4, shortLine)).isEqualTo(proportional);
    // too few points
    assertThat(LoadProjection.fit(history(0.15, 0.85).subList(0, 5))).isNull();
    // scattered points fit no line
    List<HistoryPoint> scattered = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double cpu = 0.1 + 0.02 * i;
      scattered.add(
          new HistoryPoint(Instant.EPOCH, 5, i % 2 == 0 ? 0.2 : 0.9, cpu, null, null, null, null));
    }
    assertThat(LoadProjection.fit(scattered)).isNull();
  }
}
