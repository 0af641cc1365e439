package io.specops.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the end-to-end tier runs as a separate process (the Temporal dev server, Prometheus).
 */
final class ExternalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ExternalProcess start(
      String name, List<String> command, Path log, int port, Duration timeout) throws Exception {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ExternalProcess started = new ExternalProcess(name, process, log);
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; its log: " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return started;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    started.close();
    throw new IllegalStateException(
        name + " did not open port " + port + " within " + timeout + "; its log: " + log);
  }

  /** SIGKILL: nothing flushed, nothing closed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  String name() {
    return name;
  }
}
