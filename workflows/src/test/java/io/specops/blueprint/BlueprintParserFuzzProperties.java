package io.specops.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds the parser malformed YAML and wrong types: it must answer with validation errors that name
 * the file, never with any other exception.
 */
class BlueprintParserFuzzProperties {

  @Property(tries = 2000)
  void arbitraryTextGivesABlueprintOrValidationErrorsOnly(@ForAll("yamlish") String text) {
    parsesOrExplains(text);
  }

  @Property(tries = 2000)
  void mutatedSeedBlueprintsGiveABlueprintOrValidationErrorsOnly(
      @ForAll("mutatedSeed") String text) {
    parsesOrExplains(text);
  }

  private static void parsesOrExplains(String text) {
    try {
      Blueprint bp = BlueprintParser.parse("fuzz.yaml", text);
      assertThat(bp.spec().scaling().minReplicas()).isBetween(1, bp.spec().scaling().maxReplicas());
      assertThat(bp.spec().scaling().scaleDownThreshold())
          .isLessThan(bp.spec().scaling().scaleUpThreshold());
    } catch (BlueprintException e) {
      assertThat(e.errors()).isNotEmpty();
      assertThat(e.errors())
          .allSatisfy(
              err -> {
                assertThat(err.file()).isEqualTo("fuzz.yaml");
                assertThat(err.message()).isNotBlank();
              });
    }
  }

  @Provide
  Arbitrary<String> yamlish() {
    Arbitrary<String> tokens =
        Arbitraries.of(
            "metadata:",
            "spec:",
            "scaling:",
            "  ",
            "    ",
            "\n",
            "- ",
            ": ",
            "{",
            "}",
            "[",
            "]",
            "name: x",
            "max_replicas: ",
            "min_replicas: ",
            "5",
            "-3",
            "80%",
            "abc",
            "&a",
            "*a",
            "!!binary",
            "\"",
            "'",
            "#",
            "---",
            "50m",
            "1Gi",
            "null",
            "~",
            "true",
            "1e309",
            "0x1F",
            "\t",
            "?",
            "|",
            ">");
    return tokens.list().ofMaxSize(40).map(list -> String.join("", list));
  }

  @Provide
  Arbitrary<String> mutatedSeed() {
    return mutationsOfTheSeed();
  }

  /** Seed 001's frontend blueprint with one line changed, dropped, renamed or re-indented. */
  static Arbitrary<String> mutationsOfTheSeed() {
    String seed = TestBlueprints.yaml("frontend");
    List<String> values =
        List.of(
            "",
            "5",
            "-1",
            "0",
            "80%",
            "250%",
            "abc",
            "[1,2]",
            "{a: 1}",
            "null",
            "50x",
            "1.5",
            "999999999999",
            "200",
            "0.3",
            "\"\"",
            "yes",
            "1Gi",
            "60s");
    Arbitrary<Integer> line = Arbitraries.integers().between(0, (int) seed.lines().count() - 1);
    Arbitrary<String> value = Arbitraries.of(values);
    return Combinators.combine(line, value, Arbitraries.integers().between(0, 3))
        .as(
            (l, v, mode) -> {
              List<String> lines = new ArrayList<>(seed.lines().toList());
              String original = lines.get(l);
              switch (mode) {
                case 0 -> {
                  int colon = original.indexOf(':');
                  lines.set(
                      l, colon < 0 ? original + v : original.substring(0, colon + 1) + " " + v);
                }
                case 1 -> lines.remove((int) l);
                case 2 -> lines.set(l, original.replaceFirst("^(\\s*)", "$1x"));
                default -> lines.set(l, " " + original);
              }
              return String.join("\n", lines);
            });
  }
}
