package io.specops.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backtest's results for scripts and people: per policy, SLO-violation minutes, replica-minutes,
 * scale events, and the ratios to the HPA and to the oracle (in the same run).
 */
public final class BacktestReport {
  private BacktestReport() {}

  /**
   * {"trace": ..., "capacity_per_replica": ..., "policies": [{"policy": "specops",
   * "slo_violation_minutes": ..., ...}]}
   */
  public static Map<String, Object> json(
      String trace, double capacity, String startup, List<Backtest.Result> results) {
    Backtest.Result hpa = find(results, "hpa");
    Backtest.Result oracle = find(results, "oracle");
    List<Map<String, Object>> policies = new ArrayList<>();
    for (Backtest.Result r : results) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("policy", r.policy());
      p.put("slo_violation_minutes", r.sloViolationMinutes());
      p.put("replica_minutes", r.replicaMinutes());
      p.put("scale_events", r.scaleEvents());
      p.put("peak_replicas", r.peakReplicas());
      p.put("violation_episodes", r.elasticity().violationEpisodes());
      p.put("longest_violation_minutes", r.elasticity().longestViolationMinutes());
      p.put("requests_above_capacity", r.elasticity().requestsAboveCapacity());
      p.put("elasticity", elasticity(r.elasticity()));
      if (r.forecast() != null) {
        p.put("forecast", r.forecast());
      }
      if (hpa != null && r != hpa) {
        p.put("vs_hpa", ratios(r, hpa));
      }
      if (oracle != null && r != oracle) {
        p.put("vs_oracle", ratios(r, oracle));
      }
      policies.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trace", trace);
    out.put("capacity_per_replica", Math.round(capacity * 100) / 100.0);
    out.put("startup", startup);
    out.put("policies", policies);
    return out;
  }

  public static String table(String trace, List<Backtest.Result> results) {
    Backtest.Result hpa = find(results, "hpa");
    Backtest.Result oracle = find(results, "oracle");
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-30s %-11s %12s %12s %8s %14s %14s %14s%n",
            "trace",
            "policy",
            "slo_viol_min",
            "replica_min",
            "events",
            "viol/hpa",
            "repl/hpa",
            "repl/oracle"));
    for (Backtest.Result r : results) {
      out.append(
          String.format(
              "%-30s %-11s %12.1f %12.1f %8d %14s %14s %14s%n",
              trace,
              r.policy(),
              r.sloViolationMinutes(),
              r.replicaMinutes(),
              r.scaleEvents(),
              ratio(r.sloViolationMinutes(), hpa == null ? null : hpa.sloViolationMinutes()),
              ratio(r.replicaMinutes(), hpa == null ? null : hpa.replicaMinutes()),
              ratio(r.replicaMinutes(), oracle == null ? null : oracle.replicaMinutes())));
    }
    return out.toString();
  }

  /**
   * SPEC's names: theta_U/O (accuracy), tau_U/O (timeshare), upsilon (instability), sigma
   * (deviation), in percent.
   */
  private static Map<String, Object> elasticity(Elasticity e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("theta_u", e.underAccuracy());
    m.put("theta_o", e.overAccuracy());
    m.put("tau_u", e.underTimeshare());
    m.put("tau_o", e.overTimeshare());
    m.put("upsilon", e.instability());
    m.put("sigma", e.deviation());
    return m;
  }

  /**
   * The SPEC elasticity metrics, violation episodes and the forecaster's accuracy, one row per
   * policy.
   */
  public static String elasticityTable(String trace, List<Backtest.Result> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-30s %-11s %7s %7s %7s %7s %7s %7s %9s %8s %9s %7s %7s %7s %7s %7s%n",
            "trace",
            "policy",
            "theta_u",
            "theta_o",
            "tau_u",
            "tau_o",
            "upsilon",
            "sigma",
            "episodes",
            "longest",
            "above_cap",
            "mase1",
            "mase2",
            "smase1",
            "smase2",
            "cover"));
    for (Backtest.Result r : results) {
      Elasticity e = r.elasticity();
      Backtest.ForecastAccuracy f = r.forecast();
      out.append(
          String.format(
              "%-30s %-11s %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %9d %7.2fm %8.3f%% %7s %7s %7s %7s %7s%n",
              trace,
              r.policy(),
              e.underAccuracy(),
              e.overAccuracy(),
              e.underTimeshare(),
              e.overTimeshare(),
              e.instability(),
              e.deviation(),
              e.violationEpisodes(),
              e.longestViolationMinutes(),
              100 * e.requestsAboveCapacity(),
              num(f == null ? null : f.maseNaive1()),
              num(f == null ? null : f.maseNaive2()),
              num(f == null ? null : f.maseSeasonal1()),
              num(f == null ? null : f.maseSeasonal2()),
              num(f == null ? null : f.coverage())));
    }
    return out.toString();
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format("%.3f", v);
  }

  private static Map<String, Object> ratios(Backtest.Result r, Backtest.Result base) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("slo_violation_minutes", ratioValue(r.sloViolationMinutes(), base.sloViolationMinutes()));
    m.put("replica_minutes", ratioValue(r.replicaMinutes(), base.replicaMinutes()));
    return m;
  }

  static Double ratioValue(double value, double base) {
    if (base == 0) {
      return value == 0 ? 1.0 : null;
    }
    return Math.round(value / base * 1000) / 1000.0;
  }

  private static String ratio(double value, Double base) {
    if (base == null) {
      return "-";
    }
    Double r = ratioValue(value, base);
    return r == null ? "inf" : String.format("%.3f", r);
  }

  static Backtest.Result find(List<Backtest.Result> results, String policy) {
    return results.stream().filter(r -> r.policy().equals(policy)).findFirst().orElse(null);
  }
}
