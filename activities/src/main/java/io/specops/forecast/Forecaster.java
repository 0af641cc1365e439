package io.specops.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forecasts a service's demand per bucket (docs/forecasting.md). Fed completed buckets in time
 * order ({@link #observe}); asked for the next buckets given what is observed now ({@link
 * #forecast}). Deterministic: the same buckets give the same forecasts, so a forecaster rebuilt
 * from a metrics source's history ({@link #replay}) and one fed live (the backtest) agree.
 *
 * <p>Components, each forecasting h buckets ahead from the newest value y0:
 *
 * <ul>
 *   <li>naive: y0;
 *   <li>level: an exponential moving average (alpha {@link Settings#levelAlpha});
 *   <li>trend: the level plus a Theil-Sen slope over the last {@link Settings#trendWindow} buckets,
 *       damped (phi^1 + ... + phi^h) and clipped to a share of the level per bucket;
 *   <li>seasonal: the same time yesterday (smoothed over 5 buckets), scaled by how today's last
 *       {@link Settings#trendWindow} x 3 buckets compare with the same buckets yesterday; once a
 *       day of history exists.
 * </ul>
 *
 * Blended with weights 1 / MAE^4 from each component's decayed mean absolute error at that horizon
 * (docs/backtest.md: squared errors let spikes flatten the weights). The upper bound multiplies the
 * blend by a quantile of the blend's own error ratios (actual / forecast) kept in decayed
 * histograms per horizon, each ratio's distance from 1 taken at the demand's long-run mean and
 * widened back at the forecast by sqrt(mean / forecast) (the spread of independent requests grows
 * as the square root of their count); the quantile's level adapts (adaptive conformal inference) so
 * that the share of buckets above the one-step bound stays at 1 - coverage. After a surge's first
 * bucket the errors of earlier surges' next buckets are used; a surge that came a day ago, or one
 * recurrence interval ago (surges on a timetable), raises the bound by its jump while such repeats
 * keep coming true.
 */
public final class Forecaster {
  static final int NAIVE = 0;
  static final int LEVEL = 1;
  static final int TREND = 2;
  static final int SEASONAL = 3;
  static final int SLOW = 4;
  static final int COMPONENTS = 5;

  /**
   * The slow level's smoothing: noisy series (few requests per minute) are best forecast by a long
   * average.
   */
  static final double SLOW_ALPHA = 0.08;

  /**
   * A bucket this far above its one-step upper bound starts a surge: the next buckets' errors are
   * kept apart.
   */
  static final double SURPRISE = 1.25;

  /** The forecaster's constants; {@link #defaults} are the ones docs/forecasting.md explains. */
  public record Settings(
      Duration resolution,
      double coverage,
      double levelAlpha,
      int trendWindow,
      double trendDamping,
      double trendClip,
      int horizons,
      double errorHalfLifeBuckets,
      double componentHalfLifeBuckets,
      double adaptationRate,
      int minHistoryBuckets) {

    public static Settings defaults(double coverage) {
      return new Settings(
          Duration.ofMinutes(1), coverage, 0.3, 10, 0.8, 0.1, 12, 720, 60, 0.005, 30);
    }

    public Settings withCoverage(double c) {
      return new Settings(
          resolution,
          c,
          levelAlpha,
          trendWindow,
          trendDamping,
          trendClip,
          horizons,
          errorHalfLifeBuckets,
          componentHalfLifeBuckets,
          adaptationRate,
          minHistoryBuckets);
    }

    int bucketsPerDay() {
      return (int) (Duration.ofDays(1).toMillis() / resolution.toMillis());
    }
  }

  private final Settings settings;
  private final long resolutionMillis;
  private final int day;

  /** Completed buckets from {@link #first} on; NaN where nothing was observed. */
  private double[] values = new double[256];

  /** The one-step upper bound issued after each bucket (NaN where none was). */
  private double[] uppers = new double[256];

  /**
   * The one-step upper bound in ordinary times issued after each bucket: what the forecast asked
   * for, kept for {@link #recentUpperPeak}.
   */
  private double[] asks = new double[256];

  private int count;
  private long first = Long.MIN_VALUE;
  private double level = Double.NaN;
  private double slowLevel = Double.NaN;

  /** The demand's long-run mean: the scale the error histograms keep strays at. */
  private double longMean = Double.NaN;

  private long longMeanSamples;
  private final double longMeanAlpha;
  private final double[][] componentError;

  /**
   * Error ratios per horizon: [0] in ordinary times, [1] right after a bucket that broke its upper
   * bound.
   */
  private final DecayedHistogram[][] errors;

  private final boolean[] issuedAfterSurprise;

  /**
   * Forecasts issued after each bucket, kept until scored: [bucket % ring][h][component or blend].
   */
  private final double[][][] issued;

  private final long[] issuedBucket;
  private final double[] issuedUpper;
  private final double componentDecay;
  private final double coverageDecay;
  private double miss;
  private double coveredWeight;
  private double scoredWeight;
  private final Accuracy accuracy = new Accuracy();

  /**
   * Surges predicted for each bucket (NaN: none), and how often they came: decayed hits and tries.
   */
  private final double[][] issuedSurge;

  private final double[] surgeHits = {1, 1};
  private final double[] surgeTries = {2, 2};

  /** Where the recent surges began (bucket offsets from {@link #first}), oldest first. */
  private final int[] surgeStarts = new int[RECENT_SURGES];

  private int surgeStartCount;

  /** The interval (buckets) at which recent surges recur, or 0 when they do not. */
  private int recurrence;

  public Forecaster(Settings settings) {
    this.settings = settings;
    this.resolutionMillis = settings.resolution().toMillis();
    this.day = settings.bucketsPerDay();
    this.componentError = new double[settings.horizons() + 1][COMPONENTS];
    for (double[] e : componentError) {
      Arrays.fill(e, Double.NaN);
    }
    this.errors = new DecayedHistogram[2][settings.horizons() + 1];
    for (int h = 1; h <= settings.horizons(); h++) {
      errors[0][h] = new DecayedHistogram(settings.errorHalfLifeBuckets());
      errors[1][h] = new DecayedHistogram(settings.errorHalfLifeBuckets());
    }
    int ring = settings.horizons() + 1;
    this.issued = new double[ring][settings.horizons() + 1][COMPONENTS + 1];
    this.issuedBucket = new long[ring];
    Arrays.fill(issuedBucket, Long.MIN_VALUE);
    this.issuedUpper = new double[ring];
    this.issuedAfterSurprise = new boolean[ring];
    this.issuedSurge = new double[ring][SURGE_SOURCES];
    this.componentDecay = Math.pow(0.5, 1.0 / settings.componentHalfLifeBuckets());
    this.coverageDecay = Math.pow(0.5, 1.0 / settings.errorHalfLifeBuckets());
    this.miss = 1 - settings.coverage();
    this.longMeanAlpha = 1 - Math.pow(0.5, 1.0 / (7.0 * day));
  }

  /** A forecaster fed every bucket of {@code history}, oldest first. */
  public static Forecaster replay(Settings settings, DemandHistory history) {
    Forecaster f = new Forecaster(settings);
    for (DemandHistory.Point p : history.points()) {
      f.observe(p.at(), p.value());
    }
    return f;
  }

  public Settings settings() {
    return settings;
  }

  /** The bucket index of a time. */
  public long bucketOf(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), resolutionMillis);
  }

  /** How many buckets of history it holds (gaps included). */
  public int historyBuckets() {
    return count;
  }

  /** The newest completed bucket's index, or {@code Long.MIN_VALUE} with none. */
  public long lastBucket() {
    return count == 0 ? Long.MIN_VALUE : first + count - 1;
  }

  /**
   * The buckets it was fed, oldest first (missing ones left out): what a metrics source would
   * return.
   */
  public DemandHistory history() {
    List<DemandHistory.Point> points = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!Double.isNaN(values[i])) {
        points.add(
            new DemandHistory.Point(
                Instant.ofEpochMilli((first + i) * resolutionMillis), values[i]));
      }
    }
    return new DemandHistory(settings.resolution(), points);
  }

  /**
   * The largest demand of the completed buckets that start within {@code window} before {@code
   * now}; 0 with none.
   */
  public double recentPeak(Instant now, Duration window) {
    return peak(values, now, window);
  }

  /**
   * The largest one-step upper bound issued within {@code window} before {@code now}: what the
   * forecast asked for lately, as the HPA's stabilization window keeps its recommendations.
   */
  public double recentUpperPeak(Instant now, Duration window) {
    return peak(asks, now, window);
  }

  /** The one-step upper bound issued after the bucket holding {@code at}; NaN with none. */
  double upperIssuedAfter(Instant at) {
    long b = bucketOf(at);
    return count == 0 || b < first || b > lastBucket() ? Double.NaN : uppers[(int) (b - first)];
  }

  private double peak(double[] series, Instant now, Duration window) {
    long from = bucketOf(now.minus(window));
    double peak = 0;
    for (long b = Math.max(from, first); count > 0 && b <= lastBucket(); b++) {
      double v = series[(int) (b - first)];
      if (!Double.isNaN(v) && v > peak) {
        peak = v;
      }
    }
    return peak;
  }

  public Accuracy accuracy() {
    return accuracy;
  }

  /**
   * One completed bucket's demand (the bucket holding {@code at}). Buckets must come in time order;
   * one already seen is ignored; a gap is kept as missing. NaN or negative values count as missing.
   */
  public void observe(Instant at, double value) {
    long bucket = bucketOf(at);
    if (count > 0 && bucket <= lastBucket()) {
      return;
    }
    if (count == 0) {
      first = bucket;
    } else {
      for (long b = lastBucket() + 1; b < bucket; b++) {
        append(Double.NaN);
      }
    }
    double y = value >= 0 && !Double.isInfinite(value) ? value : Double.NaN;
    if (!Double.isNaN(y)) {
      score(bucket, y);
      level = Double.isNaN(level) ? y : level + settings.levelAlpha() * (y - level);
      slowLevel = Double.isNaN(slowLevel) ? y : slowLevel + SLOW_ALPHA * (y - slowLevel);
      // the mean of everything seen, then of the last weeks (a half-life of a week)
      longMeanSamples++;
      double weight = Math.max(1.0 / longMeanSamples, longMeanAlpha);
      longMean = Double.isNaN(longMean) ? y : longMean + weight * (y - longMean);
    }
    append(y);
    noteSurgeStart();
    issue(bucket);
  }

  /**
   * Forecasts the next {@code steps} buckets after the one holding {@code now}, given the demand
   * observed now; the window's peak includes {@code current} itself.
   */
  public DemandForecast forecast(Instant now, double current, int steps) {
    int k = Math.max(1, Math.min(steps, settings.horizons()));
    long bucket = bucketOf(now);
    // "nowcast": the current bucket as if it ended with the value observed now
    long offset = count == 0 ? -1 : bucket - first;
    // the current bucket follows the history (or is its newest bucket, when a source already has
    // it)
    boolean usable = count > 0 && offset >= count - 1 && offset < count + settings.horizons();
    int index = usable ? (int) offset : 0;
    double nowLevel =
        Double.isNaN(level) ? current : level + settings.levelAlpha() * (current - level);
    double nowSlow =
        Double.isNaN(slowLevel) ? current : slowLevel + SLOW_ALPHA * (current - slowLevel);
    double[] series = usable ? seriesWith(index, current) : new double[] {current};
    int at = usable ? index : 0;
    List<Double> points = new ArrayList<>(k);
    List<Double> uppers = new ArrayList<>(k);
    double peak = current;
    double upperPeak = current;
    Double seasonalAtPeak = null;
    Duration surgeRepeats = null;
    double[] weightsAtOne = null;
    double pointAtOne = current;
    double quantileLevel = 1 - clampMiss(miss);
    boolean surprise = usable && index == count && brokeBound(lastBucket(), current);
    for (int h = 1; h <= k; h++) {
      double[] c = components(series, at, nowLevel, nowSlow, h);
      double[] w = weights(h, c);
      double point = blend(c, w);
      if (h == 1) {
        weightsAtOne = w;
        pointAtOne = point;
      }
      double upper = point * upperRatio(errorsAfter(surprise, h), quantileLevel, point);
      ExpectedSurge surge = usable ? expectedSurge(series, at, h, current) : null;
      boolean surging = surge != null && surge.demand() > upper;
      if (surging) {
        upper = surge.demand();
      }
      points.add(round(point));
      uppers.add(round(upper));
      if (point > peak) {
        peak = point;
      }
      if (upper >= upperPeak) {
        upperPeak = upper;
        seasonalAtPeak = Double.isNaN(c[SEASONAL]) ? null : round(c[SEASONAL]);
        surgeRepeats = surging ? settings.resolution().multipliedBy(surge.lag()) : null;
      }
    }
    double slope = usable ? trendSlope(series, at, nowLevel) : 0;
    double headroom = upperRatio(errorsAfter(surprise, 1), quantileLevel, pointAtOne) - 1;
    boolean confident =
        count >= settings.minHistoryBuckets()
            && errors[0][1].samples() >= settings.minHistoryBuckets()
            && usable;
    return new DemandForecast(
        now,
        settings.resolution(),
        k,
        round(current),
        List.copyOf(points),
        List.copyOf(uppers),
        round(peak),
        round(upperPeak),
        round(nowLevel),
        round(slope),
        seasonalAtPeak,
        surgeRepeats,
        new DemandForecast.Weights(
            round(weightsAtOne[NAIVE]),
            round(weightsAtOne[LEVEL] + weightsAtOne[SLOW]),
            round(weightsAtOne[TREND]),
            round(weightsAtOne[SEASONAL])),
        round(headroom),
        round(quantileLevel),
        settings.coverage(),
        round(scoredWeight <= 0 ? 1.0 : coveredWeight / scoredWeight),
        count,
        confident);
  }

  // ---- scoring ----

  private void score(long bucket, double y) {
    int ring = issued.length;
    for (int h = 1; h <= settings.horizons(); h++) {
      long from = bucket - h;
      int slot = (int) Math.floorMod(from, ring);
      if (issuedBucket[slot] != from) {
        continue;
      }
      double[] f = issued[slot][h];
      double scale = Math.max(Math.abs(f[COMPONENTS]), floor());
      for (int c = 0; c < COMPONENTS; c++) {
        if (!Double.isNaN(f[c])) {
          double e = (y - f[c]) / scale;
          // mean absolute error: robust to the spikes every component misses alike (squared errors
          // let them dominate)
          double old = componentError[h][c];
          componentError[h][c] =
              Double.isNaN(old)
                  ? Math.abs(e)
                  : componentDecay * old + (1 - componentDecay) * Math.abs(e);
        }
      }
      double eps = floor();
      double ratio = (y + eps) / (f[COMPONENTS] + eps);
      // far below 1 at a busy minute the scaled ratio can drop under 0: the lowest bin keeps it
      // (only upper quantiles are read)
      errors[issuedAfterSurprise[slot] ? 1 : 0][h].add(
          Math.max(1.0 / 16, 1 + (ratio - 1) * strayScale(f[COMPONENTS])));
      for (int source = 0; h == 1 && source < SURGE_SOURCES; source++) {
        double surge = issuedSurge[slot][source];
        if (!Double.isNaN(surge)) {
          // a surge "came" if the bucket reached most of the predicted jump
          double was = issued[slot][1][NAIVE];
          boolean came = y >= was + 0.5 * (surge - was);
          surgeHits[source] = SURGE_DECAY * surgeHits[source] + (came ? 1 : 0);
          surgeTries[source] = SURGE_DECAY * surgeTries[source] + 1;
        }
      }
      if (h == 1) {
        boolean covered = y <= issuedUpper[slot] + 1e-12;
        miss =
            clampMiss(
                miss + settings.adaptationRate() * ((1 - settings.coverage()) - (covered ? 0 : 1)));
        coveredWeight = coverageDecay * coveredWeight + (covered ? 1 : 0);
        scoredWeight = coverageDecay * scoredWeight + 1;
      }
      accuracy.add(
          h,
          y,
          f[COMPONENTS],
          f[NAIVE],
          seasonalNaive(bucket),
          h == 1 ? issuedUpper[slot] : Double.NaN);
    }
  }

  /**
   * After bucket {@code bucket} completed: the forecasts to score when the next buckets complete.
   */
  private void issue(long bucket) {
    int slot = (int) Math.floorMod(bucket, issued.length);
    int at = count - 1;
    if (Double.isNaN(values[at])) {
      issuedBucket[slot] = Long.MIN_VALUE;
      return;
    }
    double quantileLevel = 1 - clampMiss(miss);
    boolean surprise = brokeBound(bucket - 1, values[at]);
    issuedAfterSurprise[slot] = surprise;
    for (int h = 1; h <= settings.horizons(); h++) {
      double[] c = components(values, at, level, slowLevel, h);
      double[] w = weights(h, c);
      System.arraycopy(c, 0, issued[slot][h], 0, COMPONENTS);
      issued[slot][h][COMPONENTS] = blend(c, w);
      if (h == 1) {
        issuedUpper[slot] =
            issued[slot][h][COMPONENTS]
                * upperRatio(errorsAfter(surprise, 1), quantileLevel, issued[slot][h][COMPONENTS]);
        uppers[at] = issuedUpper[slot];
        // what the scale-down hold remembers: the ordinary bound. The after-surge bound sizes the
        // surge's next minute; held for a whole stabilization window it kept surge-sized replicas
        // minutes after the surge (docs/forecasting.md)
        asks[at] =
            issued[slot][h][COMPONENTS]
                * upperRatio(errors[0][1], quantileLevel, issued[slot][h][COMPONENTS]);
        for (int source = 0; source < SURGE_SOURCES; source++) {
          issuedSurge[slot][source] = surgeFrom(source, values, at, 1, values[at]);
        }
      }
    }
    issuedBucket[slot] = bucket;
  }

  /**
   * Whether {@code value}, in the bucket after {@code previous}, broke the one-step upper bound
   * issued after {@code previous}.
   */
  private boolean brokeBound(long previous, double value) {
    int slot = (int) Math.floorMod(previous, issued.length);
    return issuedBucket[slot] == previous && value > issuedUpper[slot] * SURPRISE;
  }

  /**
   * The after-surprise errors are used from this many on. Few, on purpose: until then a surge's
   * next minute is sized from the ordinary errors, and on the Twitter trace the surges of the first
   * day (which climb again in their second minute) were each a second violation-minute: waiting for
   * 20 cost 42 violation-minutes, 10 cost 36, 3 cost 35 (docs/backtest.md).
   */
  static final int MIN_SURGE_ERRORS = 3;

  /**
   * The error histogram for the regime: after a surprise (a spike's first minute) the next ones err
   * differently.
   */
  private DecayedHistogram errorsAfter(boolean surprise, int h) {
    return surprise && errors[1][h].samples() >= MIN_SURGE_ERRORS ? errors[1][h] : errors[0][h];
  }

  // ---- components ----

  /**
   * Each component's forecast h buckets after {@code series[at]}; NaN where it has nothing to say.
   */
  private double[] components(double[] series, int at, double lvl, double slow, int h) {
    double[] c = new double[COMPONENTS];
    c[SLOW] = slow;
    double y0 = series[at];
    c[NAIVE] = y0;
    c[LEVEL] = lvl;
    double slope = trendSlope(series, at, lvl);
    double damped = 0;
    double phi = settings.trendDamping();
    double p = phi;
    for (int i = 1; i <= h; i++) {
      damped += p;
      p *= phi;
    }
    c[TREND] = Math.max(0, y0 + slope * damped);
    c[SEASONAL] = seasonal(series, at, h);
    return c;
  }

  private double trendSlope(double[] series, int at, double lvl) {
    int w = settings.trendWindow();
    if (at + 1 < w) {
      return 0;
    }
    double slope = TheilSen.slope(series, at + 1 - w, at + 1);
    double clip = settings.trendClip() * Math.max(lvl, floor());
    return Math.max(-clip, Math.min(clip, slope));
  }

  /**
   * Yesterday at the target bucket (mean of 5 around it), times today's level against yesterday's.
   */
  private double seasonal(double[] series, int at, int h) {
    int target = at + h - day;
    int window = 3 * settings.trendWindow();
    if (at - day - window + 1 < 0 || target + 2 > at) {
      return Double.NaN;
    }
    double base = mean(series, target - 2, target + 3);
    double today = mean(series, at - window + 1, at + 1);
    double yesterday = mean(series, at - day - window + 1, at - day + 1);
    if (Double.isNaN(base) || Double.isNaN(today) || Double.isNaN(yesterday)) {
      return Double.NaN;
    }
    double scale = (today + floor()) / (yesterday + floor());
    return Math.max(0, base * Math.max(0.5, Math.min(2.0, scale)));
  }

  /**
   * Where an expected surge comes from: {@link #DAILY} (a day before) or 1 (one recurrence interval
   * before); each keeps its own hit record.
   */
  static final int DAILY = 0;

  static final int SURGE_SOURCES = 2;

  /**
   * The surge expected h buckets after {@code series[at]}: the larger jump of the sources whose
   * recent surges mostly came; null when none.
   */
  private ExpectedSurge expectedSurge(double[] series, int at, int h, double current) {
    ExpectedSurge surge = null;
    for (int source = 0; source < SURGE_SOURCES; source++) {
      double s = surgesHold(source) ? surgeFrom(source, series, at, h, current) : Double.NaN;
      if (!Double.isNaN(s) && (surge == null || s > surge.demand())) {
        surge = new ExpectedSurge(s, lagOf(source));
      }
    }
    return surge;
  }

  /** A surge's demand, and the interval (buckets) after which the one it repeats came. */
  private record ExpectedSurge(double demand, int lag) {}

  private double surgeFrom(int source, double[] series, int at, int h, double current) {
    int lag = lagOf(source);
    return lag > 0 ? repeatedSurge(series, at, h, current, lag) : Double.NaN;
  }

  /** How far back a source's surges are repeated from (buckets); 0 while it has none. */
  private int lagOf(int source) {
    return source == DAILY ? day : recurrence;
  }

  /**
   * A surge that came {@code lag} buckets ago: when the demand then jumped by at least {@link
   * #SURPRISE} between the bucket matching now and the one h ahead, the same jump from the demand
   * now. Only the jump counts, so once that surge's time has passed (or the new one has come), it
   * says nothing.
   */
  private double repeatedSurge(double[] series, int at, int h, double current, int lag) {
    int then = at - lag;
    int target = then + h;
    if (then - 1 < 0 || target > at) {
      return Double.NaN;
    }
    double before = Math.max(series[then], series[then - 1]);
    double after = series[target];
    if (Double.isNaN(before) || Double.isNaN(after) || before <= floor()) {
      return Double.NaN;
    }
    // a surge is a jump its own forecast did not see coming: noise that the bounds covered is not
    // one
    boolean surprised = false;
    for (int b = then + 1; b <= target; b++) {
      double bound = uppers[b - 1];
      surprised |= !Double.isNaN(bound) && series[b] > bound * SURPRISE;
    }
    double jump = after / before;
    return surprised && jump >= SURPRISE ? current * jump : Double.NaN;
  }

  /** How many surge starts the recurrence is learned from. */
  static final int RECENT_SURGES = 11;

  /** Starts closer than this (buckets) belong to one surge. */
  static final int SURGE_GAP = 10;

  /** Intervals within this many buckets of each other count as the same recurrence. */
  static final int RECURRENCE_TOLERANCE = 3;

  /** A recurrence needs at least this many of the recent intervals. */
  static final int RECURRENCE_SUPPORT = 3;

  /**
   * After a bucket is appended: if it began a surge (it broke its one-step bound and jumped from
   * the buckets before it, both by {@link #SURPRISE}), remember where, and relearn the recurrence:
   * the interval most of the recent surges came apart (scheduled jobs, pushes on a timetable).
   */
  private void noteSurgeStart() {
    int i = count - 1;
    if (i < 2 || Double.isNaN(values[i]) || Double.isNaN(uppers[i - 1])) {
      return;
    }
    double before = Math.max(values[i - 1], values[i - 2]);
    boolean start =
        !Double.isNaN(before)
            && before > floor()
            && values[i] > uppers[i - 1] * SURPRISE
            && values[i] >= before * SURPRISE
            && (surgeStartCount == 0 || i - surgeStarts[surgeStartCount - 1] > SURGE_GAP);
    if (!start) {
      return;
    }
    if (surgeStartCount == RECENT_SURGES) {
      System.arraycopy(surgeStarts, 1, surgeStarts, 0, RECENT_SURGES - 1);
      surgeStartCount--;
    }
    surgeStarts[surgeStartCount++] = i;
    recurrence = recurrence();
  }

  private int recurrence() {
    int n = surgeStartCount - 1;
    if (n < RECURRENCE_SUPPORT) {
      return 0;
    }
    int[] intervals = new int[n];
    for (int k = 0; k < n; k++) {
      intervals[k] = surgeStarts[k + 1] - surgeStarts[k];
    }
    int best = 0;
    int support = 0;
    for (int x : intervals) {
      int c = 0;
      for (int y : intervals) {
        c += Math.abs(y - x) <= RECURRENCE_TOLERANCE ? 1 : 0;
      }
      if (c > support || c == support && x < best) {
        best = x;
        support = c;
      }
    }
    if (support < RECURRENCE_SUPPORT) {
      return 0;
    }
    int mode = best;
    int[] near =
        Arrays.stream(intervals)
            .filter(y -> Math.abs(y - mode) <= RECURRENCE_TOLERANCE)
            .sorted()
            .toArray();
    int lag = near[near.length / 2];
    // a daily recurrence is the daily repeat's already
    return Math.abs(lag - day) <= RECURRENCE_TOLERANCE ? 0 : lag;
  }

  /**
   * Surges are trusted while at least this share of the recent ones came (decayed over about 10).
   */
  static final double SURGE_TRUST = 0.3;

  static final double SURGE_DECAY = Math.pow(0.5, 1.0 / 10);

  private boolean surgesHold(int source) {
    return surgeHits[source] / surgeTries[source] >= SURGE_TRUST;
  }

  private double seasonalNaive(long bucket) {
    int i = (int) (bucket - day - first);
    return i >= 0 && i < count ? values[i] : Double.NaN;
  }

  /** 1 / MAE^4 weights over the components that have a forecast; equal until errors are known. */
  private double[] weights(int h, double[] c) {
    double[] w = new double[COMPONENTS];
    double sum = 0;
    for (int i = 0; i < COMPONENTS; i++) {
      if (Double.isNaN(c[i])) {
        continue;
      }
      double e = componentError[h][i];
      w[i] = Double.isNaN(e) ? 1 : 1 / Math.pow(e + 1e-3, 4);
      sum += w[i];
    }
    for (int i = 0; i < COMPONENTS; i++) {
      w[i] = sum > 0 ? w[i] / sum : 0;
    }
    return w;
  }

  private static double blend(double[] c, double[] w) {
    double sum = 0;
    for (int i = 0; i < COMPONENTS; i++) {
      if (w[i] > 0) {
        sum += w[i] * c[i];
      }
    }
    return Math.max(0, sum);
  }

  // ---- the strays' scale ----

  /**
   * How far a ratio strays from 1 at a forecast, against the long-run mean: (f / mean)^(1/2). The
   * spread of independent requests grows as the square root of their count, so a ratio that strays
   * 20 % at a quiet minute strays 10 % at a minute four times as busy; the histograms keep strays
   * at the mean's scale and the bound widens them back at the forecast's (docs/forecasting.md).
   */
  private double strayScale(double forecast) {
    if (Double.isNaN(longMean) || longMean <= 0) {
      return 1;
    }
    return Math.sqrt(Math.max(forecast, floor()) / longMean);
  }

  /** The bound's ratio to {@code forecast}: the histogram's quantile at the forecast's scale. */
  private double upperRatio(DecayedHistogram histogram, double q, double forecast) {
    return 1 + (histogram.quantile(q) - 1) / strayScale(forecast);
  }

  /**
   * Errors are relative to the forecast, with a floor so that near-zero demand does not explode
   * them.
   */
  private double floor() {
    return Double.isNaN(level) ? 1e-3 : Math.max(1e-3, 0.05 * level);
  }

  private static double clampMiss(double m) {
    return Math.max(0.001, Math.min(0.5, m));
  }

  private double[] seriesWith(int index, double current) {
    double[] s = Arrays.copyOf(values, Math.max(values.length, index + 1));
    for (int i = count; i < index; i++) {
      s[i] = Double.NaN; // buckets between the history and now that nothing observed
    }
    s[index] = current;
    return s;
  }

  private void append(double v) {
    if (count == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
      uppers = Arrays.copyOf(uppers, uppers.length * 2);
      asks = Arrays.copyOf(asks, asks.length * 2);
    }
    uppers[count] = Double.NaN;
    asks[count] = Double.NaN;
    values[count++] = v;
  }

  private static double mean(double[] s, int from, int to) {
    double sum = 0;
    int n = 0;
    for (int i = Math.max(0, from); i < to && i < s.length; i++) {
      if (!Double.isNaN(s[i])) {
        sum += s[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /**
   * Cumulative forecast accuracy at 1 and 2 buckets ahead, for the backtest's report: mean absolute
   * errors of the blend, the naive (last value) and the seasonal-naive (same time yesterday)
   * forecasts, and the one-step upper bound's coverage.
   */
  public static final class Accuracy {
    private final double[] blendAbs = new double[3];
    private final double[] naiveAbs = new double[3];
    private final long[] n = new long[3];
    private final double[] seasonalAbs = new double[3];
    private final double[] blendAbsSeasonal = new double[3];
    private final long[] nSeasonal = new long[3];
    private long covered;
    private long scored;

    void add(int h, double y, double blend, double naive, double seasonalNaive, double upper) {
      if (h > 2) {
        return;
      }
      blendAbs[h] += Math.abs(y - blend);
      naiveAbs[h] += Math.abs(y - naive);
      n[h]++;
      if (!Double.isNaN(seasonalNaive)) {
        seasonalAbs[h] += Math.abs(y - seasonalNaive);
        blendAbsSeasonal[h] += Math.abs(y - blend);
        nSeasonal[h]++;
      }
      if (!Double.isNaN(upper)) {
        scored++;
        if (y <= upper + 1e-12) {
          covered++;
        }
      }
    }

    /**
     * MAE of the forecast / MAE of the naive forecast, h buckets ahead (1 or 2); NaN without data.
     */
    public double maseVsNaive(int h) {
      return naiveAbs[h] == 0 ? Double.NaN : blendAbs[h] / naiveAbs[h];
    }

    /**
     * The same against the seasonal-naive forecast, over the buckets that have a day before them.
     */
    public double maseVsSeasonalNaive(int h) {
      return seasonalAbs[h] == 0 ? Double.NaN : blendAbsSeasonal[h] / seasonalAbs[h];
    }

    /** The share of buckets at or below the one-step upper bound. */
    public double coverage() {
      return scored == 0 ? Double.NaN : (double) covered / scored;
    }

    public long scored() {
      return scored;
    }
  }
}
