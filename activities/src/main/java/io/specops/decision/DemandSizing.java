package io.specops.decision;

import static io.specops.blueprint.Quantities.formatDuration;
import static io.specops.blueprint.Quantities.formatPercent;

import io.specops.blueprint.Blueprint;
import io.specops.forecast.DemandForecast;
import io.specops.forecast.Forecaster;
import io.specops.metrics.MetricsSnapshot;
import io.specops.metrics.PodRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How many replicas the demand forecast asks for (docs/forecasting.md). Demand is CPU in pods'
 * worth of requests (cpu utilization x ready pods), which a scale action does not change. A
 * decision sizes so that the forecast's upper bound over one start-up plus one interval stays under
 * {@code saturation_guard}; a scale-down needs the upper bound over one start-up plus the
 * scale-down cooldown (the stabilization window) to fit; the demand observed now is a floor.
 */
record DemandSizing(
    Blueprint blueprint,
    MetricsSnapshot snapshot,
    double demand,
    DemandForecast lead,
    DemandForecast down,
    Duration leadWindow,
    Duration downWindow,
    Duration held,
    double asked,
    int forLead,
    int forNow,
    int forDown) {

  private static final double EPSILON = 1e-9;

  /**
   * Under this one-step headroom the forecast is precise: its asks are held for one bucket, not the
   * whole stabilization window (docs/forecasting.md).
   */
  static final double PRECISE = 0.10;

  /**
   * The sizing, or null when there is no confident forecast (too little history) or no CPU reading.
   */
  static DemandSizing of(
      Blueprint bp, MetricsSnapshot snapshot, Instant now, Forecaster forecaster) {
    if (forecaster == null
        || snapshot.metrics() == null
        || snapshot.metrics().cpuUtilization() == null
        || snapshot.podsReady() <= 0) {
      return null;
    }
    double demand = snapshot.metrics().cpuUtilization() * snapshot.podsReady();
    Blueprint.Scaling s = bp.spec().scaling();
    Duration interval = bp.spec().evaluation().interval();
    Duration startup = bp.spec().prediction().startup();
    Duration leadWindow = startup.plus(interval);
    Duration stabilization =
        s.cooldown().scaleDown().compareTo(interval) > 0 ? s.cooldown().scaleDown() : interval;
    Duration downWindow = startup.plus(stabilization);
    DemandForecast lead = forecaster.forecast(now, demand, steps(forecaster, now, leadWindow));
    if (!lead.confident()) {
      return null;
    }
    DemandForecast down = forecaster.forecast(now, demand, steps(forecaster, now, downWindow));
    double ceiling = s.saturationGuard();
    int forLead = replicas(lead.upperPeak(), ceiling);
    int forNow = replicas(demand, ceiling);
    // as the HPA's stabilization window: a scale-down also needs what the forecast asked for over
    // the last window to fit, so that one quiet minute among noisy ones does not flap the replicas.
    // Where the forecast is precise a quiet minute is no accident: held for the whole window, its
    // asks made each step of a descent after a surge wait 5 minutes (docs/backtest.md)
    Duration bucket = forecaster.settings().resolution();
    Duration held =
        lead.headroom() < PRECISE && bucket.compareTo(stabilization) < 0 ? bucket : stabilization;
    double asked = forecaster.recentUpperPeak(now, held);
    int forDown =
        Math.max(Math.max(forNow, replicas(down.upperPeak(), ceiling)), replicas(asked, ceiling));
    return new DemandSizing(
        bp,
        snapshot,
        demand,
        lead,
        down,
        leadWindow,
        downWindow,
        held,
        asked,
        forLead,
        forNow,
        forDown);
  }

  /** The buckets after the current one that a window starting now reaches into. */
  static int steps(Forecaster f, Instant now, Duration window) {
    long resolution = f.settings().resolution().toMillis();
    long into = Math.floorMod(now.toEpochMilli(), resolution);
    return (int) Math.max(1, (into + window.toMillis() + resolution - 1) / resolution - 1);
  }

  static int replicas(double demand, double ceiling) {
    return Math.max(1, (int) Math.ceil(demand / ceiling - EPSILON));
  }

  /** The forecast as the decision record carries it. */
  Decision.Forecast record() {
    return new Decision.Forecast(
        null,
        null,
        null,
        formatDuration(leadWindow),
        "forecast",
        "cores",
        cores(demand),
        cores(lead.level()),
        round(trendPerMinute()),
        lead.seasonal() == null ? null : cores(lead.seasonal()),
        cores(lead.peak()),
        cores(lead.upperPeak()),
        round(lead.headroom()),
        round(lead.coverageLevel()),
        forLead);
  }

  /**
   * "Forecast peak 0.82 cores (~246 rps) in the next 65s (level ..., trend ..., seasonal ...;
   * headroom +8% at 95%) needs 1 replica ..."
   */
  String leadText() {
    return "Forecast peak "
        + amount(lead.peak())
        + " in the next "
        + formatDuration(leadWindow)
        + " ("
        + components(lead)
        + "): its upper bound "
        + amount(lead.upperPeak())
        + " needs "
        + forLead
        + " replica"
        + (forLead == 1 ? "" : "s")
        + " under saturation_guard ("
        + formatPercent(ceiling())
        + ")";
  }

  String nowText() {
    return "Demand now ("
        + amount(demand)
        + ") needs "
        + forNow
        + " replica"
        + (forNow == 1 ? "" : "s")
        + " under saturation_guard ("
        + formatPercent(ceiling())
        + "); "
        + leadTextShort();
  }

  String downText() {
    return "Forecast upper bound over the next "
        + formatDuration(downWindow)
        + " (start-up + stabilization) is "
        + amount(down.upperPeak())
        + " ("
        + components(down)
        + "): "
        + forDown
        + " replica"
        + (forDown == 1 ? "" : "s")
        + " under saturation_guard ("
        + formatPercent(ceiling())
        + ") suffice"
        + keptBy();
  }

  /**
   * When the forecast alone would take fewer replicas than {@code forDown}: what keeps them (the
   * forecast's asks of the last stabilization window, or the demand now).
   */
  private String keptBy() {
    int byForecast = replicas(down.upperPeak(), ceiling());
    if (forDown <= byForecast) {
      return "";
    }
    String keeps =
        replicas(asked, ceiling()) >= forDown
            ? "what the forecast asked for over the last "
                + formatDuration(held)
                + " (up to "
                + amount(asked)
                + ")"
            : "the demand now (" + amount(demand) + ")";
    return "; the forecast alone needs " + byForecast + ", " + keeps + " keeps " + forDown;
  }

  String holdText(int current) {
    return "Demand "
        + amount(demand)
        + "; "
        + leadTextShort()
        + "; over the next "
        + formatDuration(downWindow)
        + " up to "
        + amount(down.upperPeak())
        + " ("
        + forDown
        + " replica"
        + (forDown == 1 ? "" : "s")
        + keptBy()
        + "): "
        + current
        + " replicas fit";
  }

  private String leadTextShort() {
    return "forecast peak "
        + amount(lead.peak())
        + " in the next "
        + formatDuration(leadWindow)
        + ", upper bound "
        + amount(lead.upperPeak())
        + " (headroom "
        + signedPercent(lead.headroom())
        + " at "
        + formatPercent(lead.coverageLevel())
        + "): "
        + forLead
        + " replica"
        + (forLead == 1 ? "" : "s");
  }

  private String components(DemandForecast f) {
    return "level "
        + amount(f.level())
        + ", trend "
        + signedPercent(trendPerMinute())
        + "/min"
        + (f.seasonal() == null ? "" : ", seasonal " + amount(f.seasonal()))
        + (f.surgeRepeats() == null
            ? ""
            : ", a surge expected: one came " + formatDuration(f.surgeRepeats()) + " before")
        + "; headroom "
        + signedPercent(f.headroom())
        + " at "
        + formatPercent(f.coverageLevel());
  }

  private double trendPerMinute() {
    double perStep = lead.level() <= EPSILON ? 0 : lead.trendPerStep() / lead.level();
    return perStep * 60_000.0 / lead.resolution().toMillis();
  }

  private double ceiling() {
    return blueprint.spec().scaling().saturationGuard();
  }

  /** Demand in cores, and in requests per second where the service reports its throughput. */
  private String amount(double pods) {
    String text = String.format(Locale.ROOT, "%.2f cores", cores(pods));
    Double rps = snapshot.metrics().throughput();
    if (rps != null && demand > EPSILON && rps > 0) {
      text += String.format(Locale.ROOT, " (~%.0f rps)", pods * rps / demand);
    }
    return text;
  }

  /**
   * Pods' worth of demand in cores: times the CPU the utilization was measured against (the live
   * pods' requests, an injected proxy included), the blueprint's cpu_request where that is unknown.
   */
  private double cores(double pods) {
    PodRequest serving = snapshot.serving();
    long perPod =
        serving != null && serving.cpuMillis() > 0
            ? serving.cpuMillis()
            : blueprint.spec().resources().cpuRequestMillis();
    return round(pods * perPod / 1000.0);
  }

  private static String signedPercent(double fraction) {
    return (fraction >= 0 ? "+" : "") + Math.round(fraction * 100) + "%";
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
