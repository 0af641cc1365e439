package io.specops.bench;

import io.specops.connection.TemporalConnection;
import io.specops.watch.WatchStats;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second (third, ...) bench worker process on the same task queue: the same registrations as the
 * bench's own worker; it appends its watch loops' lags to a file every second (epoch ms, lag ms per
 * line) for the bench to read.
 */
public final class BenchWorker {
  private BenchWorker() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    Map<String, String> o = ControlPlaneBench.options(args);
    // the bench's own server, in plain text, through the same connection code as the CLI's
    TemporalConnection connection = TemporalConnection.local(o.get("target"));
    WorkflowClient client = connection.newClient(connection.stubsOptions());
    WatchStats stats = new WatchStats();
    WorkerFactory factory = WatchProbe.start(client, Path.of(o.get("audit")), stats);
    Path lags = Path.of(o.get("lags"));
    Instant written = Instant.EPOCH;
    while (true) {
      Thread.sleep(1000);
      Instant now = Instant.now();
      StringBuilder lines = new StringBuilder();
      List<Long> batch = stats.lags(written, now);
      for (Long lag : batch) {
        lines.append(now.toEpochMilli()).append(' ').append(lag).append('\n');
      }
      Files.writeString(lags, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      written = now;
      if (factory.isShutdown()) {
        return;
      }
    }
  }

  static Process spawn(String workerJar, String address, Path audit, Path lags, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-cp",
            workerJar,
            "-Dloader.main=" + BenchWorker.class.getName(),
            "org.springframework.boot.loader.launch.PropertiesLauncher",
            "--target=" + address,
            "--audit=" + audit,
            "--lags=" + lags));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** The lags other workers wrote, of evaluations in [from, to) (as near as a second). */
  static List<Long> readLags(Path dir, Instant from, Instant to) throws IOException {
    List<Long> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] parts = line.split(" ");
          long at = Long.parseLong(parts[0]);
          if (at >= from.toEpochMilli() && at < to.toEpochMilli() + 1000) {
            out.add(Long.parseLong(parts[1]));
          }
        }
      }
    }
    return out;
  }
}
