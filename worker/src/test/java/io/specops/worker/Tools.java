package io.specops.worker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the end-to-end tier finds its tools; .ci/run installs them, and says how if they are
 * missing.
 */
final class Tools {
  private Tools() {}

  static Path repo() {
    return Path.of(
        System.getProperty("specops.repo", Path.of("").toAbsolutePath().getParent().toString()));
  }

  /**
   * The Temporal CLI: scripts/install-temporal-cli.sh finds it on PATH or builds the pinned version
   * once.
   */
  static String temporal() throws Exception {
    Process p =
        new ProcessBuilder(repo().resolve("scripts/install-temporal-cli.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0 || path.isEmpty()) {
      throw new IllegalStateException(
          "the Temporal CLI is not available: scripts/install-temporal-cli.sh failed (see its output)");
    }
    return path;
  }

  static String prometheus() {
    return installed("prometheus", "/usr/bin/prometheus", "/usr/local/bin/prometheus");
  }

  /** Prometheus's own tool, from the same Debian package. */
  static String promtool() {
    return installed("promtool", "/usr/bin/promtool", "/usr/local/bin/promtool");
  }

  static String nginx() {
    return installed("nginx", "/usr/sbin/nginx", "/usr/bin/nginx");
  }

  /** The first of the places Debian's package (or a local install) puts it. */
  private static String installed(String name, String... candidates) {
    for (String candidate : candidates) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    String pkg = name.equals("promtool") ? "prometheus" : name;
    throw new IllegalStateException(
        "no "
            + name
            + " binary: install Debian's package (apt-get install "
            + pkg
            + "); .ci/run does");
  }

  /**
   * The environment that sets a process's clock {@code ahead} of the machine's: libfaketime
   * (Debian's package faketime; .ci/run installs it) preloaded, the monotonic clock left alone so
   * that the JVM's timeouts and sleeps keep their length.
   */
  static Map<String, String> clockAhead(Duration ahead) {
    Path lib =
        Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib")
            .map(dir -> Path.of(dir, "faketime", "libfaketimeMT.so.1"))
            .filter(Files::isReadable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no libfaketime: install Debian's package (apt-get install faketime);"
                            + " .ci/run does"));
    return Map.of(
        "LD_PRELOAD",
        lib.toString(),
        "FAKETIME",
        (ahead.isNegative() ? "-" : "+") + ahead.abs().toSeconds() + "s",
        "FAKETIME_DONT_FAKE_MONOTONIC",
        "1");
  }

  /** Runs a command to completion and returns what it printed. */
  static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }
}
