package io.specops.prediction;

/**
 * A load forecast (seed 002): the exponential moving average (alpha 0.3) of the weighted
 * utilization, the trend from recent against older samples scaled to the horizon, and {@code
 * predicted = ema * (1 + trend_factor)}. {@code samples}: how many it rests on.
 */
public record Forecast(
    String metric,
    double current,
    double ema,
    double trendFactor,
    double predicted,
    long horizonSeconds,
    int samples) {}
