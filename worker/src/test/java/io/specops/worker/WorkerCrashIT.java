package io.specops.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash drill against the real Temporal dev server (the e2e tier): same drill, same checks as
 * {@link WorkerCrashTest}, with the audit trail also in a real PostgreSQL, checked against every
 * workflow history: each record in the table exactly once.
 */
class WorkerCrashIT {
  static final int KILLS = 20;

  @TempDir Path work;

  @Test
  void killingTheWorkerAtRandomPointsLosesNoOperationAndWritesNoneTwiceOnTheDevServer()
      throws Exception {
    String temporal = Tools.temporal();
    int port = TestWorker.freePort();
    int uiPort = TestWorker.freePort();
    try (PostgresServer pg = PostgresServer.start();
        ExternalProcess server =
            RealTemporalIT.devServer(temporal, port, uiPort, work.resolve("temporal.db"))) {
      CrashDrill.Report report =
          CrashDrill.run(
              work,
              "the Temporal dev server",
              "127.0.0.1:" + port,
              WorkerCrashTest.OPERATIONS,
              KILLS,
              9,
              Duration.ofMinutes(Long.getLong("specops.crash.minutes", 10)),
              List.of(),
              CrashDrill.workerKills(),
              pg,
              DrillCluster::simulated);
      CrashDrill.check(report, WorkerCrashTest.OPERATIONS);
    }
  }
}
