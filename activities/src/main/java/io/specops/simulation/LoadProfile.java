package io.specops.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Offered load over time, in requests per second. */
public interface LoadProfile {

  double rps(Duration sinceStart);

  static LoadProfile constant(double rps) {
    return t -> rps;
  }

  static LoadProfile of(Scenario.Load load, Path baseDirectory) {
    double multiplier = load.multiplier() == null ? 1.0 : load.multiplier();
    if (load.constant() != null) {
      return constant(load.constant() * multiplier);
    }
    if (load.steps() != null && !load.steps().isEmpty()) {
      List<Scenario.Step> steps = load.steps();
      return t -> {
        double rps = steps.get(0).rps();
        for (Scenario.Step step : steps) {
          if (!t.minus(step.at()).isNegative()) {
            rps = step.rps();
          }
        }
        return rps * multiplier;
      };
    }
    if (load.trace() != null) {
      Path file =
          baseDirectory == null ? Path.of(load.trace()) : baseDirectory.resolve(load.trace());
      return trace(
          file, multiplier, load.traceOffset() == null ? Duration.ZERO : load.traceOffset());
    }
    throw new IllegalArgumentException("load needs constant, steps or trace");
  }

  /**
   * A trace of {@code t_seconds,requests} per minute; held constant within each minute, repeating
   * at its end.
   */
  static LoadProfile trace(Path csv, double multiplier, Duration offset) {
    Trace trace = Trace.read(csv);
    return t -> trace.rpsAt(t.plus(offset).toMillis() / 1000.0) * multiplier;
  }

  /**
   * A request-rate trace as the shared traces are written: t_seconds,requests (requests per
   * bucket).
   */
  record Trace(String name, double[] seconds, double[] requests, double bucketSeconds) {

    public static Trace read(Path csv) {
      // t_seconds, requests, and the line it was read from (for errors)
      List<double[]> rows = new ArrayList<>();
      try {
        int number = 0;
        for (String line : Files.readAllLines(csv)) {
          number++;
          String l = line.trim();
          if (l.isEmpty() || Character.isLetter(l.charAt(0))) {
            continue;
          }
          String[] parts = l.split(",", -1);
          if (parts.length != 2) {
            throw new IllegalArgumentException(
                csv + " line " + number + ": not a t_seconds,requests row: " + l);
          }
          rows.add(
              new double[] {
                number(csv, number, "t_seconds", parts[0]),
                number(csv, number, "requests", parts[1]),
                number
              });
        }
      } catch (IOException e) {
        throw new UncheckedIOException(csv + ": " + e.getMessage(), e);
      }
      if (rows.size() < 2) {
        throw new IllegalArgumentException(csv + ": a trace needs at least two rows");
      }
      double[] t = new double[rows.size()];
      double[] r = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        t[i] = rows.get(i)[0];
        r[i] = rows.get(i)[1];
      }
      checkEvenBuckets(csv, rows);
      return new Trace(csv.getFileName().toString(), t, r, t[1] - t[0]);
    }

    /**
     * Buckets are found by position (t / bucket length), so a missing or repeated row would shift
     * every later one in time without a word: refuse it instead.
     */
    private static void checkEvenBuckets(Path csv, List<double[]> rows) {
      double bucket = rows.get(1)[0] - rows.get(0)[0];
      if (!(bucket > 0)) {
        throw new IllegalArgumentException(
            csv + " line " + (int) rows.get(1)[2] + ": t_seconds must increase from row to row");
      }
      for (int i = 0; i < rows.size(); i++) {
        double[] row = rows.get(i);
        int line = (int) row[2];
        if (!Double.isFinite(row[1]) || row[1] < 0) {
          throw new IllegalArgumentException(
              csv + " line " + line + ": requests " + row[1] + " is not a count (>= 0)");
        }
        double gap = i == 0 ? bucket : row[0] - rows.get(i - 1)[0];
        if (Math.abs(gap - bucket) > bucket * 1e-6) {
          throw new IllegalArgumentException(
              String.format(
                  "%s line %d: t_seconds %s is %s s after the row before, but the trace's buckets"
                      + " are %s s (its first two rows): one row per bucket, none missing (write"
                      + " a bucket without requests as 0)",
                  csv, line, plain(row[0]), plain(gap), plain(bucket)));
        }
      }
    }

    private static double number(Path csv, int line, String column, String text) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            csv + " line " + line + ": " + column + " \"" + text.trim() + "\" is not a number");
      }
    }

    private static String plain(double v) {
      return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    public double duration() {
      return seconds[seconds.length - 1] + bucketSeconds - seconds[0];
    }

    /**
     * Requests per second at {@code t} seconds from the start (the bucket's count over its length).
     */
    public double rpsAt(double t) {
      double span = duration();
      double x = ((t % span) + span) % span + seconds[0];
      int i =
          (int)
              Math.min(
                  seconds.length - 1, Math.max(0, Math.floor((x - seconds[0]) / bucketSeconds)));
      return requests[i] / bucketSeconds;
    }

    public double median() {
      double[] sorted = requests.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2] / bucketSeconds;
    }
  }
}
