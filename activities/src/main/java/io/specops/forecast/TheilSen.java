package io.specops.forecast;

import java.util.Arrays;

/**
 * The Theil-Sen slope: the median of the slopes between every pair of points. A single outlier (a
 * one-minute spike) moves it little, unlike a least-squares or two-window trend.
 */
final class TheilSen {
  private TheilSen() {}

  /**
   * The slope per step of {@code values[from..to)} (equally spaced; NaN values skipped); 0 with
   * fewer than 3 points.
   */
  static double slope(double[] values, int from, int to) {
    int n = to - from;
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = from; i < to; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      for (int j = i + 1; j < to; j++) {
        if (!Double.isNaN(values[j])) {
          slopes[k++] = (values[j] - values[i]) / (j - i);
        }
      }
    }
    if (k < 3) {
      return 0;
    }
    double[] used = Arrays.copyOf(slopes, k);
    Arrays.sort(used);
    return k % 2 == 1 ? used[k / 2] : (used[k / 2 - 1] + used[k / 2]) / 2;
  }
}
