package io.specops.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void percentagesAcceptPercentAndFraction() {
    assertThat(Quantities.parseFraction("80%")).isEqualTo(0.8);
    assertThat(Quantities.parseFraction("0.5%")).isEqualTo(0.005);
    assertThat(Quantities.parseFraction("0.8")).isEqualTo(0.8);
    assertThat(Quantities.parseFraction("1")).isEqualTo(1.0);
  }

  @Test
  void aBareNumberAboveOneIsRefusedAsAmbiguous() {
    assertThatThrownBy(() -> Quantities.parseFraction("80"))
        .hasMessageContaining("write 80% or 0.8");
    assertThatThrownBy(() -> Quantities.parseFraction("eighty"))
        .hasMessageContaining("not a percentage");
  }

  @Test
  void cpuInMillicoresOrCores() {
    assertThat(Quantities.parseCpuMillis("50m")).isEqualTo(50);
    assertThat(Quantities.parseCpuMillis("0.5")).isEqualTo(500);
    assertThat(Quantities.parseCpuMillis("2")).isEqualTo(2000);
    assertThatThrownBy(() -> Quantities.parseCpuMillis("50x"))
        .hasMessageContaining("\"50x\" is not a CPU quantity");
    assertThatThrownBy(() -> Quantities.parseCpuMillis("m"))
        .hasMessageContaining("not a CPU quantity");
  }

  @Test
  void memoryInBinaryAndDecimalUnits() {
    assertThat(Quantities.parseMemoryBytes("128Mi")).isEqualTo(128L * 1024 * 1024);
    assertThat(Quantities.parseMemoryBytes("1Gi")).isEqualTo(1L << 30);
    assertThat(Quantities.parseMemoryBytes("512M")).isEqualTo(512_000_000L);
    assertThat(Quantities.parseMemoryBytes("1024")).isEqualTo(1024);
    assertThatThrownBy(() -> Quantities.parseMemoryBytes("12 bananas"))
        .hasMessageContaining("not a memory quantity");
  }

  @Test
  void durationsNeedAUnit() {
    assertThat(Quantities.parseDuration("200ms")).isEqualTo(Duration.ofMillis(200));
    assertThat(Quantities.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(Quantities.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Quantities.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> Quantities.parseDuration("200")).hasMessageContaining("has no unit");
    assertThatThrownBy(() -> Quantities.parseDuration("5 minutes"))
        .hasMessageContaining("not a duration");
  }

  @Test
  void formatsAsTheSeedsWriteThem() {
    assertThat(Quantities.formatPercent(0.815)).isEqualTo("81.5%");
    assertThat(Quantities.formatPercent(0.8)).isEqualTo("80%");
    assertThat(Quantities.formatDuration(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(Quantities.formatDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Quantities.formatDuration(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(Quantities.formatDuration(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Quantities.formatMemory(300L << 20)).isEqualTo("300Mi");
    assertThat(Quantities.formatCpu(30)).isEqualTo("30m");
  }
}
