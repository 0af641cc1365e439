package io.specops.bench;

import io.specops.worker.WorkerTuning;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code specops bench}: what the control plane costs and how far one worker goes. Prints two
 * tables: history events and Temporal actions per idle evaluation and per scale operation (from
 * real histories), and evaluations per second with p50/p99 lag for N services on one worker, per
 * Temporal server and per worker tuning (the SDK's defaults as the baseline, SpecOps' tuning, and
 * their ratio). The starter's BenchCommand parses and checks the options; this reads them as
 * {@code --name=value}.
 */
public final class ControlPlaneBench {
  private ControlPlaneBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    // the SDK's and the mock server's INFO lines would bury the tables
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    List<Integer> sizes = Arrays.stream(o.getOrDefault("services", "100,300,1000").split(",")).map(String::strip)
        .map(Integer::parseInt).toList();
    Duration interval = Duration.parse("PT" + o.getOrDefault("interval", "30s").toUpperCase());
    Duration measure = Duration.parse("PT" + o.getOrDefault("measure", "60s").toUpperCase());
    List<String> servers = Arrays.stream(o.getOrDefault("servers", "test,dev").split(",")).map(String::strip)
        .filter(x -> !x.isEmpty()).toList();
    List<String> tunings = List.of(o.getOrDefault("tunings", "sdk-defaults,specops").split(","));
    boolean cost = !"false".equals(o.get("cost"));
    Path work = Files.createTempDirectory("specops-bench");

    if (cost) {
      System.out.println("Cost per evaluation and per operation: seed 001 on the time-skipping test server, search attributes on");
      CostProbe.Costs c = CostProbe.measure(Path.of(o.getOrDefault("blueprints", "blueprints")), work.resolve("cost-audit"),
          Duration.ofMinutes(15));
      System.out.printf("  %-44s %7s %8s   %s%n", "", "events", "actions", "actions by kind");
      row("idle evaluation (no_action), per evaluation", c.idleEvaluation());
      row("scale operation 2 -> 3, verified: the service", c.scaleOperation());
      row("  and the coordinator while it ran", c.coordinatorPerOperation());
      System.out.printf("  idle evaluations measured: %d; largest history: %d events (continue-as-new at 2000)%n",
          c.idleEvaluationsSeen(), c.largestHistory());
      int idle = c.idleEvaluation().actions();
      for (int seconds : new int[] {30, 60, 300}) {
        long perMonth = 30L * 86_400 / seconds * idle;
        System.out.printf("  one idle service at a %d s interval: %,d actions a month%n", seconds, perMonth);
      }
      System.out.println();
    }

    List<LagProbe.Result> results = new ArrayList<>();
    for (String server : servers) {
      for (int services : sizes) {
        for (String tuningName : tunings) {
          WorkerTuning tuning = tuningName.equals("sdk-defaults") ? WorkerTuning.sdkDefaults() : WorkerTuning.defaults();
          try (Server s = Server.start(server, o.get("temporal-cli"), work)) {
            results.add(LagProbe.run(server, s.address(), tuningName, tuning, services, interval, measure,
                work.resolve("audit-" + server + "-" + services + "-" + tuningName), System.err::println));
          }
        }
      }
    }
    if (!results.isEmpty()) {
      System.out.printf("Throughput and lag: idle services on one worker, %d s interval, %d s measured after one interval of warm-up%n",
          interval.toSeconds(), measure.toSeconds());
      System.out.printf("  %-6s %-13s %8s %8s %9s %9s %9s %8s %9s%n", "server", "tuning", "services", "evals/s", "p50 ms",
          "p99 ms", "max ms", "samples", "largest");
      for (LagProbe.Result r : results) {
        System.out.printf("  %-6s %-13s %8d %8.1f %9d %9d %9d %8d %9d%n", r.server(), r.tuning(), r.services(),
            r.evaluationsPerSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.samples(), r.largestHistory());
      }
      ratios(results);
    }
  }

  private static void row(String what, HistoryCost cost) {
    System.out.printf("  %-44s %7d %8d   %s%n", what, cost.events(), cost.actions(), cost.actionsByKind());
  }

  /** specops tuning / sdk-defaults, per server and size: below 1 is better. */
  private static void ratios(List<LagProbe.Result> results) {
    Map<String, LagProbe.Result> baseline = new HashMap<>();
    results.stream().filter(r -> r.tuning().equals("sdk-defaults")).forEach(r -> baseline.put(r.server() + r.services(), r));
    boolean header = false;
    for (LagProbe.Result r : results) {
      LagProbe.Result base = baseline.get(r.server() + r.services());
      if (r.tuning().equals("sdk-defaults") || base == null) {
        continue;
      }
      if (!header) {
        System.out.println("  ratios, " + r.tuning() + " / sdk-defaults (lag: below 1 is better; evals/s: 1 means it kept up)");
        header = true;
      }
      System.out.printf("  %-6s %8d services: p50 %.2f, p99 %.2f, evals/s %.2f%n", r.server(), r.services(),
          ratio(r.p50Ms(), base.p50Ms()), ratio(r.p99Ms(), base.p99Ms()), r.evaluationsPerSecond() / base.evaluationsPerSecond());
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

  /** A fresh Temporal server per run: the Java test server in this JVM, or the CLI's dev server in memory. */
  interface Server extends AutoCloseable {
    String address();

    @Override
    void close();

    static Server start(String kind, String temporalCli, Path work) throws IOException, InterruptedException {
      int port = freePort();
      if (kind.equals("test")) {
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true); // true: time skipping locked, real time as the embedded default runs
        return new Server() {
          public String address() {
            return "127.0.0.1:" + port;
          }

          public void close() {
            server.close();
          }
        };
      }
      if (!kind.equals("dev")) {
        throw new IllegalArgumentException("unknown server " + kind + " (test or dev)");
      }
      String cli = temporalCli != null ? temporalCli : findTemporalCli();
      Process process = new ProcessBuilder(cli, "server", "start-dev", "--ip", "127.0.0.1", "--port", Integer.toString(port),
          "--ui-port", Integer.toString(freePort()), "--headless", "--log-level", "error")
          .redirectErrorStream(true).redirectOutput(work.resolve("dev-server-" + port + ".log").toFile()).start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!listening(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("the dev server did not start; see " + work.resolve("dev-server-" + port + ".log"));
        }
        Thread.sleep(200);
      }
      return new Server() {
        public String address() {
          return "127.0.0.1:" + port;
        }

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

    private static String findTemporalCli() {
      Path cache = Path.of(System.getProperty("user.home"), ".cache/specops");
      try (var dirs = Files.isDirectory(cache) ? Files.list(cache) : java.util.stream.Stream.<Path>empty()) {
        for (Path dir : dirs.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (Files.isExecutable(dir.resolve("temporal"))) {
            return dir.resolve("temporal").toString();
          }
        }
      } catch (IOException e) {
        // fall through to PATH
      }
      return "temporal";
    }

    private static boolean listening(int port) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
  }
}
