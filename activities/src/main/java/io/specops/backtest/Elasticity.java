package io.specops.backtest;

import java.util.List;

/**
 * The SPEC Research Group's elasticity metrics (BUNGEE; docs/backtest.md) of one policy's run,
 * against the demand d_t = the replicas the load needs at 100% (ceil(load / capacity), at least
 * one) and the supply s_t = ready replicas, plus what an SRE asks about violations.
 *
 * @param underAccuracy theta_U: 100/T x sum(max(d - s, 0) / d x dt), percent
 * @param overAccuracy theta_O: 100/T x sum(max(s - d, 0) / d x dt), percent
 * @param underTimeshare tau_U: percent of time with s < d
 * @param overTimeshare tau_O: percent of time with s > d
 * @param instability upsilon: percent of steps where supply moves in a direction demand does not
 * @param deviation sigma: the Euclidean norm of the five above (distance from the ideal 0)
 * @param violationEpisodes runs of consecutive violating steps
 * @param longestViolationMinutes the longest run
 * @param requestsAboveCapacity the share of requests offered beyond the ready capacity
 */
public record Elasticity(
    double underAccuracy,
    double overAccuracy,
    double underTimeshare,
    double overTimeshare,
    double instability,
    double deviation,
    int violationEpisodes,
    double longestViolationMinutes,
    double requestsAboveCapacity) {

  static Elasticity of(
      List<Backtest.Sample> samples, double capacityPerReplica, double stepSeconds) {
    int n = samples.size();
    if (n == 0) {
      return new Elasticity(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    double thetaU = 0;
    double thetaO = 0;
    double tauU = 0;
    double tauO = 0;
    double unstable = 0;
    double offered = 0;
    double beyond = 0;
    int episodes = 0;
    int run = 0;
    int longest = 0;
    int previousDemand = -1;
    int previousSupply = -1;
    for (Backtest.Sample s : samples) {
      int d = Math.max(1, (int) Math.ceil(s.rps() / capacityPerReplica - 1e-9));
      int supply = s.ready();
      thetaU += Math.max(d - supply, 0) / (double) d;
      thetaO += Math.max(supply - d, 0) / (double) d;
      tauU += supply < d ? 1 : 0;
      tauO += supply > d ? 1 : 0;
      if (previousDemand >= 0) {
        int ds = Integer.signum(supply - previousSupply);
        int dd = Integer.signum(d - previousDemand);
        unstable += Math.min(Math.max(ds - dd, 0), 1);
      }
      previousDemand = d;
      previousSupply = supply;
      offered += s.rps();
      beyond += Math.max(0, s.rps() - supply * capacityPerReplica);
      if (s.violation()) {
        run++;
        if (run == 1) {
          episodes++;
        }
        longest = Math.max(longest, run);
      } else {
        run = 0;
      }
    }
    double u = 100 * thetaU / n;
    double o = 100 * thetaO / n;
    double tu = 100 * tauU / n;
    double to = 100 * tauO / n;
    double ups = n > 1 ? 100 * unstable / (n - 1) : 0;
    return new Elasticity(
        round(u),
        round(o),
        round(tu),
        round(to),
        round(ups),
        round(Math.sqrt(u * u + o * o + tu * tu + to * to + ups * ups)),
        episodes,
        round(longest * stepSeconds / 60),
        offered == 0 ? 0 : Math.round(beyond / offered * 1e6) / 1e6);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
