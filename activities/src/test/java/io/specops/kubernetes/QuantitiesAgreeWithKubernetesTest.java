package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.specops.blueprint.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.LongSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A blueprint's cpu_request and memory_request end up in Kubernetes: SpecOps must read them as
 * Kubernetes does (fabric8's Quantity, which implements the apiserver's rules). Whatever SpecOps
 * accepts, Kubernetes accepts with the same value; what Kubernetes refuses, SpecOps refuses.
 */
class QuantitiesAgreeWithKubernetesTest {

  @Property(tries = 2000)
  void cpuAsKubernetesReadsIt(@ForAll("cpu") String text) {
    BigDecimal kubernetes = kubernetes(text);
    Long specops = specops(() -> Quantities.parseCpuMillis(text));
    if (kubernetes == null) {
      assertThat(specops).as("Kubernetes refuses %s, so must SpecOps", text).isNull();
    } else if (specops != null) {
      assertThat(specops)
          .as(text)
          .isEqualTo(
              kubernetes.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }
  }

  @Property(tries = 2000)
  void memoryAsKubernetesReadsIt(@ForAll("memory") String text) {
    BigDecimal kubernetes = kubernetes(text);
    Long specops = specops(() -> Quantities.parseMemoryBytes(text));
    if (kubernetes == null) {
      assertThat(specops).as("Kubernetes refuses %s, so must SpecOps", text).isNull();
    } else if (specops != null) {
      assertThat(specops)
          .as(text)
          .isEqualTo(kubernetes.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }
  }

  /** The usual spellings are accepted, and agree. */
  @Property(tries = 500)
  void theUsualSpellingsAreAccepted(@ForAll("usual") String text) {
    assertThat(
            specops(
                () ->
                    Text.isCpu(text)
                        ? Quantities.parseCpuMillis(text)
                        : Quantities.parseMemoryBytes(text)))
        .as(text)
        .isNotNull();
    assertThat(kubernetes(text)).as(text).isNotNull();
  }

  @net.jqwik.api.Example
  void anUppercaseKIsNotAKubernetesSuffix() {
    assertThat(kubernetes("128K")).isNull();
    assertThatThrownBy(() -> Quantities.parseMemoryBytes("128K"))
        .hasMessageContaining("not a memory quantity");
    assertThat(Quantities.parseMemoryBytes("128k")).isEqualTo(128_000);
  }

  @Provide
  Arbitrary<String> cpu() {
    return Combinators.combine(
            number(),
            Arbitraries.of("", "m", "M", "k", "K", "Mi", "u", "n", "mm", " ", "%", "e3", "c"))
        .as((n, s) -> n + s);
  }

  @Provide
  Arbitrary<String> memory() {
    return Combinators.combine(
            number(),
            Arbitraries.of(
                "", "k", "K", "M", "G", "T", "Ki", "Mi", "Gi", "Ti", "KB", "MB", "mi", "Kib", "b",
                "i", " Mi", "MiB"))
        .as((n, s) -> n + s);
  }

  @Provide
  Arbitrary<String> usual() {
    Arbitrary<String> cpu =
        Combinators.combine(Arbitraries.integers().between(1, 64_000), Arbitraries.of("m", ""))
            .as((n, s) -> s.isEmpty() ? String.valueOf(n % 64 + 1) : n + s);
    Arbitrary<String> memory =
        Combinators.combine(
                Arbitraries.integers().between(1, 65_536),
                Arbitraries.of("Ki", "Mi", "Gi", "M", "G", "k"))
            .as((n, s) -> n + s);
    return Arbitraries.oneOf(cpu, memory);
  }

  private static Arbitrary<String> number() {
    Arbitrary<String> whole = Arbitraries.integers().between(0, 100_000).map(String::valueOf);
    Arbitrary<String> decimal =
        Combinators.combine(
                Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999))
            .as((a, b) -> a + "." + b);
    Arbitrary<String> odd =
        Arbitraries.of("", ".", "-1", "+1", "1.", ".5", "1..2", "0x10", "1,5", "abc");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, whole),
        net.jqwik.api.Tuple.of(3, decimal),
        net.jqwik.api.Tuple.of(1, odd));
  }

  /** Kubernetes' value (in cores or bytes), or null when it refuses the text. */
  private static BigDecimal kubernetes(String text) {
    try {
      return Quantity.getAmountInBytes(new Quantity(text));
    } catch (RuntimeException refused) {
      return null;
    }
  }

  private static Long specops(LongSupplier parse) {
    try {
      return parse.getAsLong();
    } catch (IllegalArgumentException refused) {
      return null;
    }
  }

  private static final class Text {
    static boolean isCpu(String s) {
      return s.endsWith("m") || s.chars().allMatch(Character::isDigit);
    }
  }
}
