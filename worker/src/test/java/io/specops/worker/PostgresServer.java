package io.specops.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster for one test, from Debian's {@code postgresql} package (.ci/run
 * installs it): {@code initdb} in a temporary directory, started with {@code pg_ctl} on a free
 * port, a {@code specops} role with a password and a {@code specops} database, stopped and deleted
 * after. PostgreSQL refuses to run as root, so as root the cluster belongs to the package's
 * postgres user.
 */
final class PostgresServer implements AutoCloseable {
  static final String USER = "specops";
  static final String PASSWORD = "not-a-real-secret-7f3a";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  static PostgresServer start() throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    // not under the test's @TempDir: the postgres user must be able to reach it
    Path dir = Files.createTempDirectory("specops-pg-");
    Path password = dir.resolve("password");
    Files.writeString(password, PASSWORD + "\n");
    if (root) {
      Tools.run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
    }
    int port = TestWorker.freePort();
    PostgresServer server = new PostgresServer(bin, dir, port, root);
    server.run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            USER,
            "--pwfile=" + password,
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--no-sync"));
    // fsync off: the tests kill workers and the Temporal server, never PostgreSQL
    server.run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -k "
                + dir
                + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100",
            "start"));
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE specops");
    }
    return server;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/specops";
  }

  Connection connect() throws Exception {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /**
   * SIGSTOP (or SIGCONT) to the postmaster and its backends: a database that accepts nothing and
   * answers nothing, its connections left open, as a hung host or a network partition leaves them.
   */
  void freeze(boolean frozen) throws Exception {
    long postmaster =
        Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0));
    String signal = frozen ? "-STOP" : "-CONT";
    Tools.run(List.of("kill", signal, Long.toString(postmaster)));
    for (ProcessHandle backend :
        ProcessHandle.of(postmaster).orElseThrow().descendants().toList()) {
      try {
        Tools.run(List.of("kill", signal, Long.toString(backend.pid())));
      } catch (IllegalStateException e) {
        // a backend whose connection closed since the list was taken is gone, not running
        if (backend.isAlive()) {
          throw e;
        }
      }
    }
  }

  /** The server's own log: where a test looks for a leaked password. */
  String log() throws IOException {
    Path log = dir.resolve("server.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** The newest PostgreSQL under /usr/lib/postgresql, as Debian installs it. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(
                    Comparator.comparing(
                        b ->
                            Integer.parseInt(
                                b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        if (newest.isPresent()) {
          return newest.get();
        }
      }
    }
    throw new IllegalStateException(
        "no PostgreSQL: install Debian's package (apt-get install postgresql); .ci/run does");
  }

  private void run(List<String> command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).directory(dir.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " failed:\n" + out + "\n" + log());
    }
  }

  @Override
  public void close() throws Exception {
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "stop"));
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
