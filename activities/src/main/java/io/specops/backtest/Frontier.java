package io.specops.backtest;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Violation-minutes against replica-minutes for each policy over its main knob: the HPA over its
 * target utilization, SpecOps over its forecast coverage. A policy is better than another only if
 * its curve lies below the other's, not at one chosen point (docs/backtest.md). The level-known
 * reference's curve ({@link LevelKnownPolicy}) shows what no forecast of the level removes.
 */
public final class Frontier {
  public static final double[] HPA_TARGETS = {0.5, 0.6, 0.7, 0.8, 0.9};
  public static final double[] SPECOPS_COVERAGES = {0.7, 0.8, 0.85, 0.9, 0.95, 0.98};

  /**
   * The level-known reference's coverages: its strays are whole minutes, so it needs high ones to
   * come near the HPA's violations.
   */
  public static final double[] LEVEL_KNOWN_COVERAGES = {0.9, 0.95, 0.98, 0.99, 0.995, 0.998};

  /** One run on a curve: which policy, at which setting of its knob. */
  public record Point(String policy, String knob, double value, Backtest.Result result) {}

  private Frontier() {}

  public static List<Point> sweep(Backtest backtest, Blueprint bp, String blueprintYaml) {
    return sweep(backtest, bp, blueprintYaml, run -> {});
  }

  /** The number of runs {@link #sweep} makes. */
  public static final int RUNS =
      HPA_TARGETS.length + SPECOPS_COVERAGES.length + LEVEL_KNOWN_COVERAGES.length;

  /**
   * The frontier's runs; {@code starting} hears of each before it runs ("specops cover 85%"), for
   * progress on a long trace.
   */
  public static List<Point> sweep(
      Backtest backtest, Blueprint bp, String blueprintYaml, Consumer<String> starting) {
    List<Point> points = new ArrayList<>();
    Blueprint.Scaling s = bp.spec().scaling();
    for (double target : HPA_TARGETS) {
      starting.accept("hpa target " + percent(target) + "%");
      points.add(
          new Point(
              "hpa",
              "target",
              target,
              backtest.run(new HpaPolicy(target, s.minReplicas(), s.maxReplicas()))));
    }
    for (double coverage : SPECOPS_COVERAGES) {
      starting.accept("specops cover " + percent(coverage) + "%");
      Blueprint withCoverage =
          BlueprintParser.parse(bp.source(), withCoverage(blueprintYaml, coverage));
      points.add(
          new Point(
              "specops", "coverage", coverage, backtest.run(new SpecopsPolicy(withCoverage))));
    }
    for (double coverage : LEVEL_KNOWN_COVERAGES) {
      starting.accept("level-known cover " + percent(coverage) + "%");
      LevelKnownPolicy reference =
          new LevelKnownPolicy(
              backtest.trace(),
              backtest.capacityPerReplica(),
              backtest.startup(),
              coverage,
              s.cooldown().scaleDown(),
              s.minReplicas(),
              s.maxReplicas());
      points.add(new Point(reference.name(), "coverage", coverage, backtest.run(reference)));
    }
    return points;
  }

  /** The blueprint's YAML with spec.prediction.coverage set (added, or replaced). */
  static String withCoverage(String yaml, double coverage) {
    String value = String.format(Locale.ROOT, "%.4f", coverage);
    if (yaml.matches("(?s).*\\n\\s+coverage:.*")) {
      return yaml.replaceAll("(\\n\\s+coverage:)[^\\n]*", "$1 " + value);
    }
    if (yaml.matches("(?s).*\\n  prediction:.*")) {
      return yaml.replaceFirst(
          "\\n  prediction:[^\\n]*", "\n  prediction:\n    coverage: " + value);
    }
    return yaml.stripTrailing() + "\n  prediction:\n    coverage: " + value + "\n";
  }

  /**
   * "policy knob viol repl viol/base repl/base" per point; the base is the HPA at the blueprint's
   * target.
   */
  public static String table(String trace, List<Point> points, Backtest.Result base) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                "%-30s %-11s %-11s %12s %12s %8s %9s %9s%n",
                "trace",
                "policy",
                "knob",
                "slo_viol_min",
                "replica_min",
                "events",
                "viol/hpa",
                "repl/hpa"));
    for (Point p : points) {
      Backtest.Result r = p.result();
      out.append(
          String.format(
              Locale.ROOT,
              "%-30s %-11s %-11s %12.1f %12.1f %8d %9s %9s%n",
              trace,
              p.policy(),
              String.format(
                  Locale.ROOT,
                  "%s %s%%",
                  p.knob().equals("target") ? "target" : "cover",
                  percent(p.value())),
              r.sloViolationMinutes(),
              r.replicaMinutes(),
              r.scaleEvents(),
              ratio(r.sloViolationMinutes(), base.sloViolationMinutes()),
              ratio(r.replicaMinutes(), base.replicaMinutes())));
    }
    return out.toString();
  }

  /** 90, 99.5: a knob's value in percent, whole ones without a decimal. */
  public static String percent(double share) {
    double v = Math.round(share * 1000) / 10.0;
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static String ratio(double v, double base) {
    Double r = BacktestReport.ratioValue(v, base);
    return r == null ? "inf" : String.format(Locale.ROOT, "%.3f", r);
  }
}
