package io.specops.forecast;

/**
 * A histogram of ratios (actual / forecast) on log-spaced bins whose weights decay with a
 * half-life, as Autopilot keeps its usage histograms (docs/forecasting.md): old errors fade, so the
 * quantiles follow the forecaster's recent accuracy. Ratios outside [1/16, 16] land in the end
 * bins.
 */
final class DecayedHistogram {
  private static final double LOG_MIN = Math.log(1.0 / 16);
  private static final double LOG_MAX = Math.log(16);
  private static final int BINS = 160;
  private static final double WIDTH = (LOG_MAX - LOG_MIN) / BINS;

  private final double[] weights = new double[BINS];
  private final double decay;
  private double total;
  private long samples;

  /** {@code halfLifeSamples}: after this many added samples an old one weighs half. */
  DecayedHistogram(double halfLifeSamples) {
    this.decay = Math.pow(0.5, 1.0 / halfLifeSamples);
  }

  DecayedHistogram(DecayedHistogram other) {
    System.arraycopy(other.weights, 0, weights, 0, BINS);
    this.decay = other.decay;
    this.total = other.total;
    this.samples = other.samples;
  }

  void add(double ratio) {
    if (!(ratio > 0) || Double.isInfinite(ratio)) {
      return;
    }
    // decay lazily by growing the new sample's weight; renormalise before it overflows
    double grow = Math.pow(1 / decay, samples % 4096);
    if (samples % 4096 == 0 && samples > 0) {
      double scale = Math.pow(decay, 4096);
      for (int i = 0; i < BINS; i++) {
        weights[i] *= scale;
      }
      total *= scale;
      grow = 1;
    }
    int bin = (int) Math.floor((Math.log(ratio) - LOG_MIN) / WIDTH);
    bin = Math.max(0, Math.min(BINS - 1, bin));
    weights[bin] += grow;
    total += grow;
    samples++;
  }

  long samples() {
    return samples;
  }

  /** The ratio below which a share {@code q} of the (decayed) weight lies; 1 with no samples. */
  double quantile(double q) {
    if (total <= 0) {
      return 1.0;
    }
    double wanted = q * total;
    double seen = 0;
    for (int i = 0; i < BINS; i++) {
      if (seen + weights[i] >= wanted && weights[i] > 0) {
        double within = (wanted - seen) / weights[i];
        return Math.exp(LOG_MIN + (i + within) * WIDTH);
      }
      seen += weights[i];
    }
    return Math.exp(LOG_MAX);
  }
}
