package io.specops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the worker's jar and the java that runs it, for commands that run the worker. */
final class WorkerProcess {
  private WorkerProcess() {}

  static Path workerJar() {
    String home = System.getenv("SPECOPS_HOME");
    Path base = home != null ? Path.of(home) : cliHome();
    Path jar = base.resolve("worker/target/specops-worker.jar");
    if (!Files.isRegularFile(jar)) {
      throw new CliException(
          SpecopsCli.UNREACHABLE,
          "the worker is not built ("
              + jar
              + "): run ./specops once (it builds what is missing) or ./mvnw package");
    }
    return jar;
  }

  static List<String> javaCommand() {
    List<String> out = new ArrayList<>();
    out.add(ProcessHandle.current().info().command().orElse("java"));
    if (Runtime.version().feature() >= 24) {
      // protobuf (under Temporal's gRPC) still uses sun.misc.Unsafe; JDK 24+ warns about it at
      // every start
      out.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (Runtime.version().feature() >= 22) {
      // gRPC's shaded netty loads its native transport; JDK 22+ warns unless native access is
      // granted
      out.add("--enable-native-access=ALL-UNNAMED");
    }
    return out;
  }

  /** The checkout the CLI jar was built in: starter/target/specops-cli.jar -> the root. */
  private static Path cliHome() {
    try {
      Path jar =
          Path.of(WorkerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getParent().getParent().getParent();
    } catch (Exception e) {
      return Path.of("");
    }
  }
}
