package io.specops.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Log lines reduced to templates with the Drain algorithm (He et al., ICWS 2017, as logpai's Drain3
 * implements it): variable parts (IPs, UUIDs, hex ids, numbers) masked first; lines grouped by
 * token count, then by their first token, then joined to the most similar template of that group
 * when at least {@value #SIMILARITY} of the tokens match, the differing tokens becoming {@code
 * <*>}. Deterministic: the same lines give the same templates.
 */
public final class LogTemplates {
  static final double SIMILARITY = 0.4;
  private static final int MAX_TEMPLATES_PER_GROUP = 100;
  // as Drain3's default masking: whole variable tokens, not parts of words
  private static final List<Map.Entry<Pattern, String>> MASKS =
      List.of(
          Map.entry(
              Pattern.compile(
                  "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"),
              "<UUID>"),
          Map.entry(
              Pattern.compile("(?<![\\w.])\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?(?![\\w.])"), "<IP>"),
          Map.entry(
              Pattern.compile(
                  "\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\\b"),
              "<HEX>"),
          Map.entry(
              Pattern.compile(
                  "(?<![A-Za-z0-9.<])[-+]?\\d+(\\.\\d+)?(?=(ms|s|m|h|%|B|KB|MB|GB|Ki|Mi|Gi)?(?![A-Za-z0-9]))"),
              "<NUM>"));

  /**
   * One template as it grows: its tokens, how many lines joined it, the first line (an example).
   */
  static final class Cluster {
    final String[] tokens;
    int count;
    final String example;
    final long firstSeen;

    Cluster(String[] tokens, String example, long firstSeen) {
      this.tokens = tokens;
      this.example = example;
      this.firstSeen = firstSeen;
    }

    String template() {
      return String.join(" ", tokens);
    }
  }

  private final Map<String, List<Cluster>> groups = new HashMap<>();
  private final List<Cluster> all = new ArrayList<>();

  /** Masks the variable parts of one line (exposed for tests). */
  static String mask(String line) {
    String out = line;
    for (var m : MASKS) {
      out = m.getKey().matcher(out).replaceAll(m.getValue());
    }
    return out;
  }

  /** Adds a line seen at {@code at} (epoch millis; 0 if unknown); returns its template. */
  public String add(String line, long at) {
    return addLine(line, at).template();
  }

  /** Adds a line; returns the template (cluster) it joined. */
  Cluster addLine(String line, long at) {
    String masked = mask(line.strip());
    String[] tokens = masked.isEmpty() ? new String[0] : masked.split("\\s+");
    String key = tokens.length + "|" + (tokens.length == 0 ? "" : firstToken(tokens[0]));
    List<Cluster> group = groups.computeIfAbsent(key, k -> new ArrayList<>());
    Cluster best = null;
    double bestScore = -1;
    for (Cluster c : group) {
      double score = similarity(c.tokens, tokens);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best == null || bestScore < SIMILARITY) {
      if (group.size() >= MAX_TEMPLATES_PER_GROUP) {
        best =
            group.get(
                group.size()
                    - 1); // a flood of distinct lines: fold the rest into the last template
        merge(best, tokens);
      } else {
        best = new Cluster(tokens, line.strip(), at);
        group.add(best);
        all.add(best);
      }
    } else {
      merge(best, tokens);
    }
    best.count++;
    return best;
  }

  /** Templates by count, most frequent first (ties: first seen first). */
  public List<Cluster> templates() {
    List<Cluster> out = new ArrayList<>(all);
    out.sort(Comparator.comparingInt((Cluster c) -> -c.count).thenComparingLong(c -> c.firstSeen));
    return out;
  }

  /** How many lines each template got, in the order of {@link #templates()}. */
  public Map<String, Integer> counts() {
    Map<String, Integer> out = new LinkedHashMap<>();
    templates().forEach(c -> out.put(c.template(), c.count));
    return out;
  }

  private static String firstToken(String token) {
    // a first token that is a variable (a timestamp, a number) would split one template into many
    return token.contains("<") || token.chars().anyMatch(Character::isDigit) ? "<*>" : token;
  }

  private static double similarity(String[] template, String[] tokens) {
    if (template.length == 0) {
      return 1;
    }
    int same = 0;
    for (int i = 0; i < template.length; i++) {
      if (template[i].equals(tokens[i])) {
        same++;
      }
    }
    return (double) same / template.length;
  }

  private static void merge(Cluster c, String[] tokens) {
    for (int i = 0; i < c.tokens.length && i < tokens.length; i++) {
      if (!c.tokens[i].equals(tokens[i])) {
        c.tokens[i] = "<*>";
      }
    }
  }
}
