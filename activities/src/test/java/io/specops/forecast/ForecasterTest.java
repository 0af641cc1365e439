package io.specops.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The demand forecaster on synthetic series whose answers are known. */
class ForecasterTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void aStepIsFollowedWithinMinutesAndTheUpperBoundCoversTheNewLevel() {
    Forecaster f = feed(180, i -> i < 120 ? 10 : 20);
    DemandForecast d = f.forecast(minute(180), 20, 2);
    assertThat(d.confident()).isTrue();
    assertThat(d.points().get(0)).as("one minute ahead").isCloseTo(20, Offset.offset(2.0));
    assertThat(d.upperPeak()).isGreaterThanOrEqualTo(20);
    // before the step the forecast sat at the old level
    DemandForecast before = feed(119, i -> 10).forecast(minute(119), 10, 1);
    assertThat(before.points().get(0)).isCloseTo(10, Offset.offset(0.5));
  }

  @Test
  void aRampIsExtrapolatedByTheDampedTrend() {
    Forecaster f = feed(120, i -> 10 + 0.5 * i);
    double now = 10 + 0.5 * 120;
    DemandForecast d = f.forecast(minute(120), now, 3);
    assertThat(d.trendPerStep())
        .as("Theil-Sen slope of a clean ramp, within the clip")
        .isCloseTo(0.5, Offset.offset(0.01));
    assertThat(d.points().get(0)).isGreaterThan(now);
    assertThat(d.points().get(2)).isGreaterThan(d.points().get(0));
    // damped: three steps ahead adds less than 3 x 0.5
    assertThat(d.points().get(2)).isLessThan(now + 1.5 + 0.01);
    assertThat(f.accuracy().maseVsNaive(1))
        .as("better than the last value on a ramp")
        .isLessThan(1.0);
  }

  @Test
  void aNoisyDailyCycleIsForecastBetterThanTheLastValueOnceADayIsKnown() {
    Random random = new Random(7);
    IntToDoubleFunction daily =
        i -> 100 + 60 * Math.sin(2 * Math.PI * i / 1440.0) + random.nextGaussian() * 8;
    Forecaster f = feed(3 * 1440, daily);
    assertThat(f.accuracy().maseVsNaive(1)).isLessThan(0.9);
    assertThat(f.accuracy().maseVsNaive(2)).isLessThan(0.9);
    DemandForecast d = f.forecast(minute(3 * 1440), 100, 2);
    assertThat(d.seasonal()).as("a day of history gives the seasonal term").isNotNull();
    assertThat(d.seasonal())
        .isCloseTo(100 + 60 * Math.sin(2 * Math.PI * (3 * 1440 + 1) / 1440.0), Offset.offset(15.0));
  }

  @Test
  void aOneMinuteSpikeIsNotChased() {
    Random random = new Random(3);
    Forecaster f = feed(240, i -> i == 200 ? 60 : 10 + random.nextGaussian());
    // forty minutes after the spike the forecast is back at the level, the bound close to it
    DemandForecast d = f.forecast(minute(240), 10, 2);
    assertThat(d.points().get(1)).isCloseTo(10, Offset.offset(1.5));
    assertThat(d.upperPeak()).isLessThan(15);
    // two minutes after, already far below the spike
    Random again = new Random(3);
    Forecaster soon = feed(203, i -> i == 200 ? 60 : 10 + again.nextGaussian());
    assertThat(soon.forecast(minute(203), 10, 1).points().get(0)).isLessThan(20);
  }

  @Test
  void surgesOnATimetableAreExpectedBeforeTheyComeAndRandomOnesAreNot() {
    // 3 x surges of 10 minutes every 2 hours (a scheduled job), on a noisy level: less than a day,
    // so only the recurrence can foresee them
    Random random = new Random(13);
    IntToDoubleFunction timetable =
        i -> (i >= 60 && (i - 60) % 120 < 10 ? 300 : 100) + random.nextGaussian() * 5;
    int next = 60 + 7 * 120; // the eighth surge's first minute
    Forecaster f = feed(next - 1, timetable);
    DemandForecast before = f.forecast(minute(next - 1), 100, 1);
    assertThat(before.upperPeak()).as("the bound before the surge").isGreaterThan(250);
    assertThat(before.surgeRepeats()).isEqualTo(Duration.ofHours(2));
    // an hour off the timetable nothing is expected
    Random again = new Random(13);
    IntToDoubleFunction same =
        i -> (i >= 60 && (i - 60) % 120 < 10 ? 300 : 100) + again.nextGaussian() * 5;
    DemandForecast between = feed(next - 61, same).forecast(minute(next - 61), 100, 1);
    assertThat(between.upperPeak()).isLessThan(150);
    assertThat(between.surgeRepeats()).isNull();

    // the same surges at irregular intervals: no recurrence, nothing expected
    int[] starts = {60, 157, 300, 361, 549, 674, 780, 901, 1003};
    Random noise = new Random(13);
    IntToDoubleFunction irregular =
        i -> {
          for (int s : starts) {
            if (i >= s && i < s + 10) {
              return 300 + noise.nextGaussian() * 5;
            }
          }
          return 100 + noise.nextGaussian() * 5;
        };
    Forecaster g = new Forecaster(Forecaster.Settings.defaults(0.9));
    for (int i = 0; i < 1100; i++) {
      if (i == 1003 - 1 || i == 901 + 120 - 1) {
        DemandForecast d = g.forecast(minute(i), 100, 1);
        assertThat(d.upperPeak()).as("minute %d", i).isLessThan(150);
        assertThat(d.surgeRepeats()).isNull();
      }
      g.observe(minute(i), irregular.applyAsDouble(i));
    }
  }

  @Test
  void theScaleDownHoldRemembersTheOrdinaryBoundNotTheAfterSurgeOne() {
    // surges that climb further in their second minute (2 x, then 3 x), at irregular times: the
    // bound after a surge's first minute is wide, but what the hold keeps is the ordinary one
    int[] starts = {
      50, 127, 240, 301, 419, 530, 577, 690, 812, 870, 990, 1051, 1170, 1260, 1333, 1450, 1527,
      1640, 1701, 1819, 1930, 1977, 2090, 2212, 2270, 2390, 2451, 2570, 2660, 2733
    };
    Random random = new Random(21);
    Forecaster f = new Forecaster(Forecaster.Settings.defaults(0.9));
    int last = starts[starts.length - 1];
    for (int i = 0; i <= last; i++) {
      double v = 100;
      for (int s : starts) {
        v = i == s ? 200 : i > s && i < s + 8 ? 300 : v;
      }
      f.observe(minute(i), v + random.nextGaussian() * 3);
    }
    double afterSurge = f.upperIssuedAfter(minute(last));
    double held = f.recentUpperPeak(minute(last + 1), Duration.ofSeconds(61));
    assertThat(held).as("held").isLessThan(afterSurge * 0.9);
    assertThat(held).isGreaterThan(200);
  }

  @Test
  void afterThreeSurgesThatClimbAgainTheNextOnesSecondMinuteIsSizedForTheClimb() {
    // surges that reach 2 x in their first minute and 3 x in their second, at irregular times
    int[] starts = {60, 157, 301};
    int next = 419;
    Random random = new Random(9);
    Forecaster f = new Forecaster(Forecaster.Settings.defaults(0.9));
    for (int i = 0; i < next; i++) {
      double v = 100;
      for (int s : starts) {
        v = i == s ? 200 : i > s && i < s + 8 ? 300 : v;
      }
      f.observe(minute(i), v + random.nextGaussian() * 3);
    }
    // the fourth surge's first minute, as observed 15 s into it
    DemandForecast d = f.forecast(minute(next).plusSeconds(15), 200, 1);
    assertThat(d.uppers().get(0)).as("the bound for the surge's second minute").isGreaterThan(280);
    // an ordinary minute's bound stays close to its level
    assertThat(f.forecast(minute(next).plusSeconds(15), 103, 1).uppers().get(0)).isLessThan(130);
  }

  @Test
  void theUpperBoundKeepsTheCoverageItIsAskedFor() {
    Random random = new Random(11);
    for (double coverage : new double[] {0.8, 0.95}) {
      Forecaster f = new Forecaster(Forecaster.Settings.defaults(coverage));
      for (int i = 0; i < 5000; i++) {
        f.observe(minute(i), Math.max(0, 50 + random.nextGaussian() * 10));
      }
      assertThat(f.accuracy().coverage())
          .as("coverage %s", coverage)
          .isCloseTo(coverage, Offset.offset(0.02));
      assertThat(f.forecast(minute(5000), 50, 1).realizedCoverage())
          .isCloseTo(coverage, Offset.offset(0.05));
    }
  }

  @Test
  void theBoundWidensAtQuietMinutesAsTheSquareRootOfTheCountGrows() {
    // three hours at 25 requests a minute, three at 400, for three days: counts of independent
    // requests, whose spread is the square root of the count (5 = 20 % quiet, 20 = 5 % busy)
    Random random = new Random(3);
    double[] counts = new double[3 * 1440];
    for (int i = 0; i < counts.length; i++) {
      double mean = (i / 180) % 2 == 0 ? 25 : 400;
      counts[i] = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    Forecaster f = new Forecaster(Forecaster.Settings.defaults(0.9));
    double[] covered = new double[2];
    double[] headroom = new double[2];
    int[] minutes = new int[2];
    for (int i = 0; i < counts.length; i++) {
      // the second day on, away from the changes between the two
      if (i > 1440 && i % 180 >= 15) {
        DemandForecast d = f.forecast(minute(i - 1), counts[i - 1], 1);
        int busy = (i / 180) % 2;
        covered[busy] += counts[i] <= d.uppers().get(0) ? 1 : 0;
        headroom[busy] += d.uppers().get(0) / d.points().get(0) - 1;
        minutes[busy]++;
      }
      f.observe(minute(i), counts[i]);
    }
    double quietHeadroom = headroom[0] / minutes[0];
    double busyHeadroom = headroom[1] / minutes[1];
    assertThat(quietHeadroom / busyHeadroom)
        .as("headroom %.3f quiet, %.3f busy: sqrt(400 / 25) = 4 apart", quietHeadroom, busyHeadroom)
        .isBetween(2.5, 6.0);
    // so each regime is covered about as asked, not the quiet one under and the busy one over
    assertThat(covered[0] / minutes[0]).as("quiet coverage").isBetween(0.84, 0.96);
    assertThat(covered[1] / minutes[1]).as("busy coverage").isBetween(0.84, 0.96);
  }

  @Test
  void aForecasterRebuiltFromItsHistoryForecastsTheSame() {
    Random random = new Random(5);
    Forecaster live = feed(2000, i -> 30 + 10 * Math.sin(i / 90.0) + random.nextGaussian() * 3);
    Forecaster rebuilt = Forecaster.replay(live.settings(), live.history());
    assertThat(rebuilt.forecast(minute(2000), 31, 5)).isEqualTo(live.forecast(minute(2000), 31, 5));
  }

  @Test
  void tooLittleHistoryIsNotConfidentAndGapsAreMissingNotZero() {
    assertThat(feed(10, i -> 5).forecast(minute(10), 5, 1).confident()).isFalse();
    Forecaster gappy = new Forecaster(Forecaster.Settings.defaults(0.9));
    for (int i = 0; i < 100; i++) {
      if (i % 10 != 3) {
        gappy.observe(minute(i), 20);
      }
    }
    DemandForecast d = gappy.forecast(minute(100), 20, 1);
    assertThat(d.points().get(0)).isCloseTo(20, Offset.offset(0.01));
    assertThat(gappy.history().points()).hasSize(90);
  }

  private static Forecaster feed(int minutes, IntToDoubleFunction value) {
    Forecaster f = new Forecaster(Forecaster.Settings.defaults(0.9));
    for (int i = 0; i < minutes; i++) {
      f.observe(minute(i), value.applyAsDouble(i));
    }
    return f;
  }

  private static Instant minute(int i) {
    return T0.plusSeconds(60L * i);
  }
}
