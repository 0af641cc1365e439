package io.specops.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash drill (RELIABILITY.md) against Temporal's Java test server started standalone, as a
 * process of its own: the worker is SIGKILLed at random points across at least 50 scale operations
 * and restarted; nothing is lost, nothing is written twice.
 */
class WorkerCrashTest {
  static final int OPERATIONS = 50;

  @TempDir Path work;

  @Test
  void killingTheWorkerAtRandomPointsLosesNoOperationAndWritesNoneTwice() throws Exception {
    int port = TestWorker.freePort();
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    try (ExternalProcess server =
        ExternalProcess.start(
            "Temporal's Java test server",
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                classpath,
                "io.temporal.testserver.TestServer",
                Integer.toString(port)),
            work.resolve("test-server.log"),
            port,
            Duration.ofSeconds(30))) {
      CrashDrill.Report report =
          CrashDrill.run(
              work,
              "the Java test server (standalone)",
              "127.0.0.1:" + port,
              OPERATIONS,
              10,
              8,
              Duration.ofMinutes(Long.getLong("specops.crash.minutes", 8)),
              // the test server never moves a task off a dead worker's sticky queue (the real
              // server
              // does after 5 s): without sticky execution every task goes to the shared queue
              List.of("--specops.worker.sticky-schedule-to-start=0s"),
              CrashDrill.workerKills(),
              null,
              DrillCluster::simulated);
      CrashDrill.check(report, OPERATIONS);
    }
  }
}
