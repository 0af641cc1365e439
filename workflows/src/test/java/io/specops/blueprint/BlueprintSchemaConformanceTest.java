package io.specops.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.specops.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * blueprints/blueprint.schema.json is what editors and CI pipelines check blueprints with; the
 * parser is what SpecOps runs. They must not drift: every default the schema names is the parser's
 * default, every enum value the schema lists is one the parser takes (and nothing else), and
 * whatever the parser accepts the schema accepts (the parser adds cross-field rules the schema
 * cannot say, so it may refuse more, never less). Checked with a real JSON Schema validator
 * (networknt, draft 2020-12), reading the YAML as an editor would. The fields themselves are
 * compared by BlueprintDocumentationTest.
 */
class BlueprintSchemaConformanceTest {
  private static final Path SCHEMA_FILE =
      TestBlueprints.repoRoot().resolve("blueprints/blueprint.schema.json");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonNode SCHEMA_TREE = readSchema();
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12,
              registry ->
                  registry.schemaRegistryConfig(
                      SchemaRegistryConfig.builder().typeLoose(true).build()))
          .getSchema(SCHEMA_TREE.toString(), InputFormat.JSON);

  /** The least a blueprint must say; everything else takes its default. */
  private static ObjectNode minimal() {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.putObject("metadata").put("name", "svc");
    ObjectNode spec = doc.putObject("spec");
    spec.putObject("scaling").put("max_replicas", 10);
    spec.putObject("resources").put("cpu_request", "100m").put("memory_request", "128Mi");
    spec.putObject("performance").put("latency_p95_target", "200ms");
    return doc;
  }

  @Test
  void theMinimalBlueprintIsValidForBoth() {
    String yaml = yaml(minimal());
    assertThat(schemaErrors(yaml)).isEmpty();
    BlueprintParser.parse("svc.yaml", yaml);
  }

  @Test
  void everyDefaultInTheSchemaIsTheParsersDefault() {
    Blueprint implicit = BlueprintParser.parse("svc.yaml", yaml(minimal()));
    List<String> checked = new ArrayList<>();
    forEachProperty(
        SCHEMA_TREE,
        List.of(),
        (path, property) -> {
          if (!property.has("default")) {
            return;
          }
          ObjectNode doc = minimal();
          set(doc, path, property.get("default"));
          String yaml = yaml(doc);
          assertThat(schemaErrors(yaml)).as("schema, default of " + dotted(path)).isEmpty();
          assertThat(BlueprintParser.parse("svc.yaml", yaml))
              .as("written out, the schema's default of %s changes nothing", dotted(path))
              .isEqualTo(implicit);
          checked.add(dotted(path));
        });
    assertThat(checked).hasSizeGreaterThan(30).contains("spec.scaling.target_cpu_utilization");
  }

  @Test
  void everyEnumValueInTheSchemaIsTakenByTheParserAndNothingElse() {
    List<String> checked = new ArrayList<>();
    forEachProperty(
        SCHEMA_TREE,
        List.of(),
        (path, property) -> {
          boolean list = property.has("items") && property.get("items").has("enum");
          JsonNode values = list ? property.get("items").get("enum") : property.get("enum");
          if (values == null) {
            return;
          }
          for (JsonNode value : values) {
            ObjectNode doc = minimal();
            set(doc, path, list ? JsonNodeFactory.instance.arrayNode().add(value) : value);
            String yaml = yaml(doc);
            assertThat(schemaErrors(yaml)).as("schema, %s: %s", dotted(path), value).isEmpty();
            BlueprintParser.parse("svc.yaml", yaml);
          }
          ObjectNode doc = minimal();
          JsonNode stranger = JsonNodeFactory.instance.textNode("not_listed");
          set(doc, path, list ? JsonNodeFactory.instance.arrayNode().add(stranger) : stranger);
          String yaml = yaml(doc);
          assertThat(schemaErrors(yaml)).as("schema refuses a value outside its enum").isNotEmpty();
          assertThatThrownBy(() -> BlueprintParser.parse("svc.yaml", yaml))
              .as("the parser refuses %s: not_listed", dotted(path))
              .isInstanceOf(BlueprintException.class)
              .hasMessageContaining(path.get(path.size() - 1));
          checked.add(dotted(path));
        });
    assertThat(checked).contains("metadata.priority", "spec.metrics.source");
  }

  @Test
  void everyBlueprintShippedInTheRepositoryIsValidForBoth() throws IOException {
    List<Path> files;
    try (Stream<Path> walk =
        Stream.concat(
            Files.walk(TestBlueprints.repoRoot().resolve("blueprints")),
            Files.walk(TestBlueprints.repoRoot().resolve("bench")))) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !p.getFileName().toString().equals("fleet.yaml"))
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : files) {
      String yaml = Files.readString(file);
      BlueprintParser.parse(file.getFileName().toString(), yaml);
      assertThat(schemaErrors(yaml)).as(file.toString()).isEmpty();
    }
  }

  // every mutation (about 2 600), not a sample: a drift then fails every run, not one run in ten
  @Property(tries = 5000, generation = GenerationMode.EXHAUSTIVE)
  void whatTheParserAcceptsTheSchemaAccepts(@ForAll("mutatedSeed") String yaml) {
    try {
      BlueprintParser.parse("fuzz.yaml", yaml);
    } catch (BlueprintException refused) {
      return;
    }
    assertThat(schemaErrors(asText(yaml))).as("the parser accepted:\n%s", yaml).isEmpty();
  }

  /**
   * The document as the parser reads it: every scalar as its text (the parser converts text to the
   * field's type, so {@code max_replicas: "5"} and {@code name: 5} are both fine to it), with YAML
   * 1.1's yes/no/on/off read as true/false as the parser does. The schema then checks it with loose
   * types (a text that reads as the type the field wants matches).
   */
  private static String asText(String yaml) {
    try {
      return yaml(textual(YAML.readTree(yaml)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode textual(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(f -> out.set(f.getKey(), textual(f.getValue())));
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(textual(item)));
      return out;
    }
    if (node.isNull()) {
      return node;
    }
    String text = node.asText();
    String bool =
        switch (text.toLowerCase(Locale.ROOT)) {
          case "yes", "on" -> "true";
          case "no", "off" -> "false";
          default -> text;
        };
    return JsonNodeFactory.instance.textNode(bool);
  }

  @Provide
  Arbitrary<String> mutatedSeed() {
    return BlueprintParserFuzzProperties.mutationsOfTheSeed();
  }

  private static List<String> schemaErrors(String yaml) {
    return SCHEMA.validate(yaml, InputFormat.YAML).stream().map(Error::toString).toList();
  }

  private interface PropertyVisitor {
    void visit(List<String> path, JsonNode property);
  }

  /** Every property under objects (not under arrays or maps), with $refs followed. */
  private static void forEachProperty(JsonNode node, List<String> prefix, PropertyVisitor visitor) {
    JsonNode properties = resolve(node).get("properties");
    if (properties == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      List<String> path = new ArrayList<>(prefix);
      path.add(field.getKey());
      JsonNode property = resolve(field.getValue());
      visitor.visit(path, property);
      forEachProperty(property, path, visitor);
    }
  }

  /** A property's schema with its own keywords over those of the definition it refers to. */
  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = SCHEMA_TREE.at(ref.asText().substring(1));
    ObjectNode merged = target.deepCopy();
    node.properties().forEach(f -> merged.set(f.getKey(), f.getValue()));
    merged.remove("$ref");
    return merged;
  }

  private static void set(ObjectNode doc, List<String> path, JsonNode value) {
    ObjectNode at = doc;
    for (String key : path.subList(0, path.size() - 1)) {
      at = at.has(key) ? (ObjectNode) at.get(key) : at.putObject(key);
    }
    at.set(path.get(path.size() - 1), value);
  }

  private static String dotted(List<String> path) {
    return String.join(".", path);
  }

  private static String yaml(JsonNode doc) {
    try {
      return YAML.writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode readSchema() {
    try {
      return Json.mapper().readTree(Files.readString(SCHEMA_FILE));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
