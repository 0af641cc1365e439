package io.specops.blueprint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read field by field. Each accessor declares the key as known, converts the value
 * and, on a bad value, records a problem naming the full field path and returns the default, so
 * that one pass finds every error. {@link #rejectUnknown()} then reports keys nobody asked for,
 * with a did-you-mean.
 */
final class YamlObject {
  private final String path;
  private final int line;
  private final Map<String, Node> fields = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();
  private final Problems problems;
  private final Consumer<String> declared;

  private YamlObject(String path, int line, Problems problems, Consumer<String> declared) {
    this.path = path;
    this.line = line;
    this.problems = problems;
    this.declared = declared;
  }

  static YamlObject of(String path, Node node, Problems problems, Consumer<String> declared) {
    YamlObject object = new YamlObject(path, node == null ? 0 : lineOf(node), problems, declared);
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode key)) {
          problems.add(path, lineOf(keyNode), "keys must be plain names");
          continue;
        }
        if (object.fields.containsKey(key.getValue())) {
          problems.add(object.child(key.getValue()), lineOf(keyNode), "duplicate key");
          continue;
        }
        object.fields.put(key.getValue(), tuple.getValueNode());
      }
    } else if (node != null && !isNull(node)) {
      problems.add(path, lineOf(node), "expected a mapping of fields, got " + describe(node));
    }
    return object;
  }

  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  int line() {
    return line;
  }

  int lineOf(String key) {
    Node node = fields.get(key);
    return node == null ? line : lineOf(node);
  }

  boolean has(String key) {
    declare(key);
    Node node = fields.get(key);
    return node != null && !isNull(node);
  }

  YamlObject object(String key) {
    declare(key);
    return of(child(key), fields.get(key), problems, declared);
  }

  Optional<String> string(String key) {
    declare(key);
    Node node = fields.get(key);
    if (node == null || isNull(node)) {
      return Optional.empty();
    }
    if (node instanceof ScalarNode scalar) {
      return Optional.of(scalar.getValue());
    }
    problems.add(child(key), lineOf(node), "expected a single value, got " + describe(node));
    return Optional.empty();
  }

  String string(String key, String fallback) {
    return string(key).orElse(fallback);
  }

  <T> T convert(String key, T fallback, Function<String, T> converter) {
    Optional<String> text = string(key);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return converter.apply(text.get());
    } catch (IllegalArgumentException e) {
      problems.add(child(key), lineOf(key), e.getMessage());
      return fallback;
    }
  }

  int integer(String key, int fallback) {
    return convert(key, fallback, YamlObject::parseInt);
  }

  Integer optionalInteger(String key) {
    return convert(key, null, YamlObject::parseInt);
  }

  double fraction(String key, double fallback) {
    return convert(key, fallback, Quantities::parseFraction);
  }

  double number(String key, double fallback) {
    return convert(
        key,
        fallback,
        text -> {
          try {
            return Double.parseDouble(text.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got \"" + text + "\"");
          }
        });
  }

  boolean bool(String key, boolean fallback) {
    return convert(
        key,
        fallback,
        text ->
            switch (text.trim().toLowerCase(Locale.ROOT)) {
              case "true", "yes", "on" -> true;
              case "false", "no", "off" -> false;
              default ->
                  throw new IllegalArgumentException(
                      "expected true or false, got \"" + text + "\"");
            });
  }

  /**
   * The longest duration a blueprint field takes: no setting needs more, and a Temporal timer past
   * ~10 000 years is invalid, so a typo's huge value would fail the service's workflow task on
   * every attempt instead of the blueprint.
   */
  static final Duration LONGEST = Duration.ofDays(366);

  Duration duration(String key, Duration fallback) {
    return convert(
        key,
        fallback,
        text -> {
          Duration d = Quantities.parseDuration(text);
          if (d.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(
                "\"" + text + "\" is longer than a year (" + LONGEST.toDays() + "d at most)");
          }
          return d;
        });
  }

  long cpu(String key, long fallback) {
    return convert(key, fallback, Quantities::parseCpuMillis);
  }

  long memory(String key, long fallback) {
    return convert(key, fallback, Quantities::parseMemoryBytes);
  }

  List<String> strings(String key) {
    declare(key);
    Node node = fields.get(key);
    List<String> out = new ArrayList<>();
    if (node == null || isNull(node)) {
      return out;
    }
    if (!(node instanceof SequenceNode sequence)) {
      problems.add(child(key), lineOf(node), "expected a list, got " + describe(node));
      return out;
    }
    for (int i = 0; i < sequence.getValue().size(); i++) {
      Node item = sequence.getValue().get(i);
      if (item instanceof ScalarNode scalar && !isNull(item)) {
        out.add(scalar.getValue());
      } else {
        problems.add(
            child(key) + "[" + i + "]",
            lineOf(item),
            "expected a single value, got " + describe(item));
      }
    }
    return out;
  }

  /** A list, or a single value taken as a list of one (an address or a list of addresses). */
  List<String> oneOrMoreStrings(String key) {
    Node node = fields.get(key);
    if (node instanceof ScalarNode && !isNull(node)) {
      return string(key).map(List::of).orElse(List.of());
    }
    return strings(key);
  }

  /**
   * A list of mappings: each item is read by {@code reader}; items are paths like {@code x[0].y}.
   */
  <T> List<T> objects(String key, Function<YamlObject, T> reader) {
    declare(key);
    Node node = fields.get(key);
    List<T> out = new ArrayList<>();
    if (node == null || isNull(node)) {
      return out;
    }
    if (!(node instanceof SequenceNode sequence)) {
      problems.add(child(key), lineOf(node), "expected a list, got " + describe(node));
      return out;
    }
    for (int i = 0; i < sequence.getValue().size(); i++) {
      YamlObject item =
          of(
              child(key) + "[" + i + "]",
              sequence.getValue().get(i),
              problems,
              p -> declared.accept(p.replaceFirst("\\[\\d+]", "[]")));
      T value = reader.apply(item);
      item.rejectUnknown();
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  /** A mapping of names to single values, e.g. metrics queries. */
  Map<String, String> stringMap(String key) {
    declare(key);
    Node node = fields.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    YamlObject map = of(child(key), node, problems, p -> {});
    for (String name : map.fields.keySet()) {
      map.string(name).ifPresent(value -> out.put(name, value));
    }
    return out;
  }

  Set<String> presentKeys() {
    return fields.keySet();
  }

  void rejectUnknown() {
    for (Map.Entry<String, Node> field : fields.entrySet()) {
      if (!known.contains(field.getKey())) {
        String hint =
            DidYouMean.closest(field.getKey(), known)
                .map(k -> " (did you mean \"" + k + "\"?)")
                .orElse(known.isEmpty() ? "" : " (known fields: " + String.join(", ", known) + ")");
        problems.add(child(field.getKey()), lineOf(field.getValue()), "unknown field" + hint);
      }
    }
  }

  void error(String key, String message) {
    problems.add(key == null ? path : child(key), key == null ? line : lineOf(key), message);
  }

  private void declare(String key) {
    if (known.add(key)) {
      declared.accept(child(key));
    }
  }

  private static int parseInt(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number, got \"" + text + "\"");
    }
  }

  static int lineOf(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "\"" + ((ScalarNode) node).getValue() + "\"";
  }
}
