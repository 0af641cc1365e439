package io.specops.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A worker JVM of its own, started from this test's classpath with {@code WorkerApplication}'s
 * main, so it can be killed (SIGKILL) without touching the Temporal server or the cluster.
 */
final class WorkerProcess implements AutoCloseable {
  private static final String STARTED = ReadyAnnouncement.READY;

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(List<String> args, Map<String, String> environment, Path log)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // surefire runs tests from a manifest-only jar; it publishes the real classpath here
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                WorkerApplication.class.getName()));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new WorkerProcess(builder.start(), log);
  }

  /** Waits for Spring's "Started" line; fails with the log's tail if the worker dies first. */
  void awaitStarted(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log) && Files.readString(log).contains(STARTED)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the worker exited with " + process.exitValue() + ":\n" + tail());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the worker did not start within " + timeout + ":\n" + tail());
  }

  /** The REST API's port, from the ready line ("... REST and dashboard on port N"). */
  int httpPort() throws IOException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("REST and dashboard on port (\\d+)")
            .matcher(Files.readString(log));
    if (!m.find()) {
      throw new IllegalStateException("no ready line with a port in " + log);
    }
    return Integer.parseInt(m.group(1));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the worker did not exit within " + timeout);
    }
    return process.exitValue();
  }

  Path log() {
    return log;
  }

  /** SIGTERM (Ctrl-C, a rolling update): the worker's shutdown hook runs. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: no shutdown hook, no graceful end of in-flight activities. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String tail() throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    closeAll(this);
  }

  /**
   * SIGTERM to every worker at once, then the wait for each to end its in-flight activities (up to
   * 20 s, then SIGKILL): a graceful stop takes ~8 s, and one after the other it doubled.
   */
  static void closeAll(WorkerProcess... workers) throws InterruptedException {
    List<WorkerProcess> started = Stream.of(workers).filter(Objects::nonNull).toList();
    for (WorkerProcess w : started) {
      w.process.destroy();
    }
    for (WorkerProcess w : started) {
      if (!w.process.waitFor(20, TimeUnit.SECONDS)) {
        w.kill();
      }
    }
  }
}
