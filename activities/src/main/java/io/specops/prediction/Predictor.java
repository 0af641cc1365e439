package io.specops.prediction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Seed 002's load prediction, over a service's metrics history: EMA with smoothing alpha, a trend
 * factor from the mean of the newest samples against the mean of the ones before them, scaled to
 * the horizon, and {@code predicted = EMA * (1 + trend_factor)}. Pure.
 */
public final class Predictor {
  /** Samples per trend window: the newest {@code WINDOW} against the {@code WINDOW} before. */
  static final int WINDOW = 5;

  /** Fewer samples than this and there is no forecast. */
  public static final int MIN_SAMPLES = 2 * WINDOW;

  private Predictor() {}

  public static Forecast forecast(
      List<HistoryPoint> history,
      Function<HistoryPoint, Double> metric,
      String name,
      double alpha,
      Duration horizon) {
    List<HistoryPoint> points = new ArrayList<>();
    for (HistoryPoint p : history) {
      Double v = metric.apply(p);
      if (v != null && !v.isNaN() && !v.isInfinite()) {
        points.add(p);
      }
    }
    if (points.size() < MIN_SAMPLES) {
      return null;
    }
    double ema = metric.apply(points.get(0));
    for (HistoryPoint p : points.subList(1, points.size())) {
      ema = alpha * metric.apply(p) + (1 - alpha) * ema;
    }
    int n = points.size();
    List<HistoryPoint> recent = points.subList(n - WINDOW, n);
    List<HistoryPoint> older = points.subList(n - 2 * WINDOW, n - WINDOW);
    double recentMean = mean(recent, metric);
    double olderMean = mean(older, metric);
    double windowSeconds =
        Math.max(
            1,
            Duration.between(older.get(older.size() / 2).at(), recent.get(recent.size() / 2).at())
                    .toMillis()
                / 1000.0);
    double perSecond = olderMean <= 1e-9 ? 0 : (recentMean - olderMean) / olderMean / windowSeconds;
    double trend = Math.max(-0.9, Math.min(3.0, perSecond * horizon.toSeconds()));
    double current = metric.apply(points.get(n - 1));
    return new Forecast(
        name,
        current,
        round(ema),
        round(trend),
        round(Math.max(0, ema * (1 + trend))),
        horizon.toSeconds(),
        n);
  }

  private static double mean(List<HistoryPoint> points, Function<HistoryPoint, Double> metric) {
    double sum = 0;
    for (HistoryPoint p : points) {
      sum += metric.apply(p);
    }
    return sum / points.size();
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
