package io.specops.decision;

import io.specops.prediction.HistoryPoint;
import java.util.List;

/**
 * The weighted utilization a scale-down would bring. Spreading the load over fewer pods raises CPU
 * per pod in proportion, but not every part of the blend: memory has a per-pod base that stays
 * where it is. Taking the whole blend as proportional (the fallback) holds replicas that are not
 * needed (13 replicas kept at 6 after a surge, docs/forecasting.md). So where the recent
 * evaluations show how the blend followed CPU per pod (a straight line that fits, over a range of
 * CPU that covers the projected one), the projection reads that line; otherwise it is proportional.
 */
record LoadProjection(double intercept, double slope, double maxCpu) {
  static final int MIN_POINTS = 10;
  static final double MIN_SPREAD = 0.15;
  static final double MIN_R2 = 0.9;

  /** The line through the recent evaluations, or null when they do not show one. */
  static LoadProjection fit(List<HistoryPoint> history) {
    int n = 0;
    double sx = 0;
    double sy = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (HistoryPoint p : history) {
      if (p.cpu() != null && p.weighted() != null) {
        n++;
        sx += p.cpu();
        sy += p.weighted();
        min = Math.min(min, p.cpu());
        max = Math.max(max, p.cpu());
      }
    }
    if (n < MIN_POINTS || max - min < MIN_SPREAD) {
      return null;
    }
    double mx = sx / n;
    double my = sy / n;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (HistoryPoint p : history) {
      if (p.cpu() != null && p.weighted() != null) {
        double dx = p.cpu() - mx;
        double dy = p.weighted() - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
      }
    }
    if (sxx <= 0 || syy <= 0) {
      return null;
    }
    double slope = sxy / sxx;
    double r2 = sxy * sxy / (sxx * syy);
    if (slope <= 0 || r2 < MIN_R2) {
      return null;
    }
    return new LoadProjection(my - slope * mx, slope, max);
  }

  /**
   * The weighted utilization with {@code target} pods instead of {@code current}: the line's
   * reading where it covers the projected CPU, never below the blend now, never above the
   * proportional projection.
   */
  static double after(Utilization u, int current, int target, LoadProjection line) {
    double proportional = u.weighted() * current / target;
    double cpuAfter = u.cpu() * current / target;
    if (line == null || cpuAfter > line.maxCpu()) {
      return proportional;
    }
    double read = line.intercept() + line.slope() * cpuAfter;
    return Math.max(u.weighted(), Math.min(proportional, read));
  }
}
