package io.specops.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.json.Json;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The JSON Schema and docs/blueprint.md describe exactly the fields the parser reads. */
class BlueprintDocumentationTest {

  @Test
  void theJsonSchemaHasEveryFieldTheParserReadsAndNoOther() throws Exception {
    JsonNode schema =
        Json.mapper()
            .readTree(
                Files.readString(
                    TestBlueprints.repoRoot().resolve("blueprints/blueprint.schema.json")));
    Set<String> schemaPaths = new TreeSet<>();
    collect(schema, "", schemaPaths);
    schemaPaths.removeIf(p -> p.startsWith("spec.metrics.queries."));
    assertThat(schemaPaths)
        .containsExactlyInAnyOrderElementsOf(new TreeSet<>(BlueprintParser.knownFieldPaths()));
  }

  @Test
  void docsBlueprintMdDocumentsEveryField() throws Exception {
    String docs = Files.readString(TestBlueprints.repoRoot().resolve("docs/blueprint.md"));
    for (String path : BlueprintParser.knownFieldPaths()) {
      assertThat(docs).as("docs/blueprint.md documents " + path).contains("`" + path + "`");
    }
  }

  private static void collect(JsonNode node, String prefix, Set<String> out) {
    JsonNode properties = node.get("properties");
    if (properties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        out.add(path);
        collect(field.getValue(), path, out);
      }
    }
    JsonNode items = node.get("items");
    if (items != null && items.has("properties")) {
      collect(items, prefix + "[]", out);
    }
  }
}
