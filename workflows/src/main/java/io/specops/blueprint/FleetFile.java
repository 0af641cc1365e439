package io.specops.blueprint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The fleet file, {@code fleet.yaml} beside the blueprints: what the fleet shares besides the
 * cluster's CPU and memory, each with its budget (seed 000 "Shared Resources"):
 *
 * <pre>
 * shared_resources:
 *   db_connections:
 *     budget: 200
 *     description: orders-db max_connections (250) less the admins' 50
 * </pre>
 *
 * A blueprint says what one replica uses ({@code spec.resources.shared}); the coordinator refuses
 * or defers a scale-up that would exceed a budget (docs/coordination.md).
 */
public final class FleetFile {
  public static final List<String> NAMES = List.of("fleet.yaml", "fleet.yml");

  private FleetFile() {}

  /** Whether {@code file} is a fleet file rather than a blueprint. */
  public static boolean is(Path file) {
    return NAMES.contains(file.getFileName().toString());
  }

  /** The budgets of the fleet file in {@code directory}; none when there is no such file. */
  public static Map<String, Double> budgets(Path directory) {
    for (String name : NAMES) {
      Path file = directory.resolve(name);
      if (Files.isRegularFile(file)) {
        return parse(BlueprintLoader.display(file), BlueprintLoader.read(file));
      }
    }
    return Map.of();
  }

  public static Map<String, Double> parse(String source, String yaml) {
    Problems problems = new Problems(source);
    Node root = BlueprintParser.compose(yaml, problems);
    if (root == null) {
      throw new BlueprintException(problems.all());
    }
    YamlObject doc = YamlObject.of("", root, problems, p -> {});
    YamlObject resources = doc.object("shared_resources");
    doc.rejectUnknown();
    Map<String, Double> budgets = new TreeMap<>();
    for (String name : resources.presentKeys()) {
      YamlObject r = resources.object(name);
      if (!BlueprintParser.SHARED_NAME.matcher(name).matches()) {
        resources.error(name, "is not a resource name (lowercase letters, digits, _ and -)");
      }
      double budget = r.number("budget", -1);
      r.string("description");
      r.rejectUnknown();
      if (!r.has("budget")) {
        r.error(null, "budget is missing (how much of " + name + " the fleet may use in all)");
      } else if (budget < 0) {
        r.error("budget", "must be 0 or more");
      } else {
        budgets.put(name, budget);
      }
    }
    if (!problems.isEmpty()) {
      throw new BlueprintException(problems.all());
    }
    return Map.copyOf(budgets);
  }
}
