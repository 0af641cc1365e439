package io.specops.bench;

import io.specops.worker.WorkerTuning;
import io.temporal.testserver.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code specops bench}: what the control plane costs and how far one worker goes. Prints two
 * tables: history events and Temporal actions per idle evaluation and per scale operation (from
 * real histories), and evaluations per second with p50/p99 lag for N services on one worker, per
 * Temporal server and per worker tuning (the SDK's defaults as the baseline, SpecOps' tuning, and
 * their ratio). The starter's BenchCommand parses and checks the options; this reads them as {@code
 * --name=value}.
 */
public final class ControlPlaneBench {
  private ControlPlaneBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    // the SDK's and the mock server's INFO lines would bury the tables
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    List<Integer> sizes =
        Arrays.stream(o.getOrDefault("services", "100,300,1000").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    Duration interval =
        Duration.parse("PT" + o.getOrDefault("interval", "30s").toUpperCase(Locale.ROOT));
    Duration measure =
        Duration.parse("PT" + o.getOrDefault("measure", "60s").toUpperCase(Locale.ROOT));
    List<String> servers =
        Arrays.stream(o.getOrDefault("servers", "test,dev").split(","))
            .map(String::strip)
            .filter(x -> !x.isEmpty())
            .toList();
    List<String> tunings = List.of(o.getOrDefault("tunings", "sdk-defaults,specops").split(","));
    List<String> designs = List.of(o.getOrDefault("designs", "timer,watch").split(","));
    List<Integer> workerCounts =
        Arrays.stream(o.getOrDefault("workers", "1").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    boolean cost = !"false".equals(o.get("cost"));
    Path work = Files.createTempDirectory("specops-bench");
    // found before anything is measured: a missing CLI must not cost a run of the other server
    String temporalCli = servers.contains("dev") ? Server.temporalCli(o.get("temporal-cli")) : null;

    if (cost) {
      System.out.println(
          "Cost per evaluation and per operation: seed 001 on the time-skipping test server, search attributes on");
      CostProbe.Costs c =
          CostProbe.measure(
              Path.of(o.getOrDefault("blueprints", "blueprints")),
              work.resolve("cost-audit"),
              Duration.ofMinutes(15));
      System.out.printf("  %-44s %7s %8s   %s%n", "", "events", "actions", "actions by kind");
      row("idle evaluation (no_action), per evaluation", c.idleEvaluation());
      row("scale operation 2 -> 3, verified: the service", c.scaleOperation());
      row("  and the coordinator while it ran", c.coordinatorPerOperation());
      System.out.printf(
          "  idle evaluations measured: %d; largest history: %d events (continue-as-new at 2000)%n",
          c.idleEvaluationsSeen(), c.largestHistory());
      int idle = c.idleEvaluation().actions();
      for (int seconds : new int[] {30, 60, 300}) {
        long perMonth = 30L * 86_400 / seconds * idle;
        System.out.printf(
            "  one idle service at a %d s interval: %,d actions a month%n", seconds, perMonth);
      }
      if (designs.contains("watch")) {
        WatchedOperationProbe.Costs w =
            WatchedOperationProbe.measure(
                Path.of(o.getOrDefault("blueprints", "blueprints")), work);
        System.out.println("  with watchers (real time, pods ready in 2 s):");
        row("scale operation 2 -> 3, verified: the service", w.operation());
        row("  and the coordinator while it ran", w.coordinator());
        System.out.printf(
            "  scale operation, service and coordinator: %d actions with watchers, %d with the timer loop (ratio %.2f)%n",
            w.operation().actions() + w.coordinator().actions(),
            c.scaleOperation().actions() + c.coordinatorPerOperation().actions(),
            (double) (w.operation().actions() + w.coordinator().actions())
                / (c.scaleOperation().actions() + c.coordinatorPerOperation().actions()));
      }
      System.out.println();
    }

    List<LagProbe.Result> results = new ArrayList<>();
    List<WatchProbe.Result> watched = new ArrayList<>();
    try {
      measure(
          o,
          servers,
          sizes,
          designs,
          workerCounts,
          tunings,
          interval,
          measure,
          temporalCli,
          work,
          results,
          watched);
    } finally {
      // whatever was measured is printed, even when a later run fails
      print(results, watched, interval, measure);
    }
  }

  private static void measure(
      Map<String, String> o,
      List<String> servers,
      List<Integer> sizes,
      List<String> designs,
      List<Integer> workerCounts,
      List<String> tunings,
      Duration interval,
      Duration measure,
      String temporalCli,
      Path work,
      List<LagProbe.Result> results,
      List<WatchProbe.Result> watched)
      throws Exception {
    for (String server : servers) {
      for (int services : sizes) {
        if (designs.contains("watch")) {
          for (int workers : workerCounts) {
            try (Server s = Server.start(server, temporalCli, work)) {
              watched.add(
                  WatchProbe.run(
                      server,
                      s.address(),
                      services,
                      interval,
                      measure,
                      workers,
                      work,
                      o.get("worker-jar"),
                      System.err::println));
            }
          }
        }
        if (!designs.contains("timer")) {
          continue;
        }
        for (String tuningName : tunings) {
          WorkerTuning tuning =
              tuningName.equals("sdk-defaults")
                  ? WorkerTuning.sdkDefaults()
                  : WorkerTuning.defaults();
          try (Server s = Server.start(server, temporalCli, work)) {
            results.add(
                LagProbe.run(
                    server,
                    s.address(),
                    tuningName,
                    tuning,
                    services,
                    interval,
                    measure,
                    work.resolve("audit-" + server + "-" + services + "-" + tuningName),
                    System.err::println));
          }
        }
      }
    }
  }

  private static void print(
      List<LagProbe.Result> results,
      List<WatchProbe.Result> watched,
      Duration interval,
      Duration measure) {
    if (!watched.isEmpty()) {
      printWatched(watched, results, interval, measure);
    }
    if (!results.isEmpty()) {
      System.out.printf(
          "Throughput and lag: idle services on one worker, %d s interval, %d s measured after one interval of warm-up%n",
          interval.toSeconds(), measure.toSeconds());
      System.out.printf(
          "  %-6s %-13s %8s %8s %9s %9s %9s %8s %9s%n",
          "server",
          "tuning",
          "services",
          "evals/s",
          "p50 ms",
          "p99 ms",
          "max ms",
          "samples",
          "largest");
      for (LagProbe.Result r : results) {
        System.out.printf(
            "  %-6s %-13s %8d %8.1f %9d %9d %9d %8d %9d%n",
            r.server(),
            r.tuning(),
            r.services(),
            r.evaluationsPerSecond(),
            r.p50Ms(),
            r.p99Ms(),
            r.maxMs(),
            r.samples(),
            r.largestHistory());
      }
      ratios(results);
    }
  }

  /**
   * The watchers' table, with the timer loop measured in the same run as the baseline (SpecOps
   * tuning, same server and size).
   */
  private static void printWatched(
      List<WatchProbe.Result> watched,
      List<LagProbe.Result> timer,
      Duration interval,
      Duration measure) {
    System.out.printf(
        "Idle services with watchers vs the timer loop: %d s interval, %d s measured after warm-up; actions per idle"
            + " service-hour as Temporal Cloud bills them (histories + heartbeats sent + watch restarts per lease)%n",
        interval.toSeconds(), measure.toSeconds());
    System.out.printf(
        "  %-6s %-6s %8s %8s %8s %9s %9s %9s %11s %10s %9s  %s%n",
        "server",
        "design",
        "services",
        "workers",
        "evals/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "actions/h",
        "events/h",
        "watchers",
        "actions by kind per service-hour");
    for (WatchProbe.Result r : watched) {
      StringBuilder kinds = new StringBuilder();
      r.actionsByKind()
          .forEach(
              (k, v) -> kinds.append(k).append('=').append(String.format("%.3f", v)).append(' '));
      System.out.printf(
          "  %-6s %-6s %8d %8d %8.1f %9d %9d %9d %11.3f %10.2f %9d  %s%n",
          r.server(),
          "watch",
          r.services(),
          r.workers(),
          r.evaluationsPerSecond(),
          r.p50Ms(),
          r.p99Ms(),
          r.maxMs(),
          r.actionsPerIdleServiceHour(),
          r.eventsPerIdleServiceHour(),
          r.watchers(),
          kinds.toString().strip());
      timer.stream()
          .filter(
              t ->
                  t.server().equals(r.server())
                      && t.services() == r.services()
                      && t.tuning().equals("specops"))
          .findFirst()
          .ifPresent(
              t ->
                  System.out.printf(
                      "  %-6s %-6s %8d %8d %8.1f %9d %9d %9d %11.1f %10.1f %9s  ratio watch/timer: "
                          + "actions %.4f, p99 lag %.2f%n",
                      t.server(),
                      "timer",
                      t.services(),
                      1,
                      t.evaluationsPerSecond(),
                      t.p50Ms(),
                      t.p99Ms(),
                      t.maxMs(),
                      t.actionsPerServiceHour(),
                      t.eventsPerServiceHour(),
                      "-",
                      r.actionsPerIdleServiceHour() / t.actionsPerServiceHour(),
                      (double) r.p99Ms() / Math.max(1, t.p99Ms())));
    }
    System.out.printf(
        "  cost per month of one idle service at $25-50 per million actions: watchers $%.5f-%.5f, "
            + "timer loop at this interval $%.3f-%.3f%n",
        watched.get(0).actionsPerIdleServiceHour() * 730 * 25e-6,
        watched.get(0).actionsPerIdleServiceHour() * 730 * 50e-6,
        3600.0 / interval.toSeconds() * 2 * 730 * 25e-6,
        3600.0 / interval.toSeconds() * 2 * 730 * 50e-6);
    System.out.println();
  }

  private static void row(String what, HistoryCost cost) {
    System.out.printf(
        "  %-44s %7d %8d   %s%n", what, cost.events(), cost.actions(), cost.actionsByKind());
  }

  /** specops tuning / sdk-defaults, per server and size: below 1 is better. */
  private static void ratios(List<LagProbe.Result> results) {
    Map<String, LagProbe.Result> baseline = new HashMap<>();
    results.stream()
        .filter(r -> r.tuning().equals("sdk-defaults"))
        .forEach(r -> baseline.put(r.server() + r.services(), r));
    boolean header = false;
    for (LagProbe.Result r : results) {
      LagProbe.Result base = baseline.get(r.server() + r.services());
      if (r.tuning().equals("sdk-defaults") || base == null) {
        continue;
      }
      if (!header) {
        System.out.println(
            "  ratios, "
                + r.tuning()
                + " / sdk-defaults (lag: below 1 is better; evals/s: 1 means it kept up)");
        header = true;
      }
      System.out.printf(
          "  %-6s %8d services: p50 %.2f, p99 %.2f, evals/s %.2f%n",
          r.server(),
          r.services(),
          ratio(r.p50Ms(), base.p50Ms()),
          ratio(r.p99Ms(), base.p99Ms()),
          r.evaluationsPerSecond() / base.evaluationsPerSecond());
    }
  }

  private static double ratio(long a, long b) {
    return b <= 0 ? Double.NaN : (double) a / b;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      out.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return out;
  }

  /**
   * A fresh Temporal server per run: the Java test server in this JVM, or the CLI's dev server in
   * memory.
   */
  interface Server extends AutoCloseable {
    String address();

    @Override
    void close();

    static Server start(String kind, String temporalCli, Path work)
        throws IOException, InterruptedException {
      int port = FreePorts.next();
      if (kind.equals("test")) {
        TestServer.PortBoundTestServer server =
            TestServer.createPortBoundServer(
                port, true); // true: time skipping locked, real time as the embedded default runs
        return new Server() {
          @Override
          public String address() {
            return "127.0.0.1:" + port;
          }

          @Override
          public void close() {
            server.close();
          }
        };
      }
      if (!kind.equals("dev")) {
        throw new IllegalArgumentException("unknown server " + kind + " (test or dev)");
      }
      String cli = temporalCli(temporalCli);
      Process process =
          new ProcessBuilder(
                  cli,
                  "server",
                  "start-dev",
                  "--ip",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--ui-port",
                  Integer.toString(FreePorts.next()),
                  "--headless",
                  "--log-level",
                  "error")
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("dev-server-" + port + ".log").toFile())
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!listening(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "the dev server did not start; see " + work.resolve("dev-server-" + port + ".log"));
        }
        Thread.sleep(200);
      }
      return new Server() {
        @Override
        public String address() {
          return "127.0.0.1:" + port;
        }

        @Override
        public void close() {
          process.destroy();
          try {
            process.waitFor();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
    }

    /**
     * The given CLI, else scripts/install-temporal-cli.sh's cache, else PATH; a clear error when
     * there is none.
     */
    static String temporalCli(String given) {
      if (given != null) {
        if (!Files.isExecutable(Path.of(given))) {
          throw new IllegalArgumentException(
              "--temporal-cli " + given + " is not an executable file");
        }
        return given;
      }
      Path cache = Path.of(System.getProperty("user.home"), ".cache/specops");
      try (var dirs = Files.isDirectory(cache) ? Files.list(cache) : Stream.<Path>empty()) {
        for (Path dir : dirs.sorted(Comparator.reverseOrder()).toList()) {
          if (Files.isExecutable(dir.resolve("temporal"))) {
            return dir.resolve("temporal").toString();
          }
        }
      } catch (IOException e) {
        // fall through to PATH
      }
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "temporal"))) {
          return Path.of(dir, "temporal").toString();
        }
      }
      throw new IllegalStateException(
          "no Temporal CLI for --servers=dev: run scripts/install-temporal-cli.sh (builds it once into"
              + " ~/.cache/specops) or pass --temporal-cli PATH");
    }

    private static boolean listening(int port) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
