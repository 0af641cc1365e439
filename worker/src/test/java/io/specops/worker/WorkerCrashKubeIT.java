package io.specops.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash drill's invariants on a real control plane (the kube tier): two worker processes
 * against the Temporal dev server and a real kube-apiserver with the Deployment controller and
 * kwok's pods, one of them SIGKILLed at random; no decision without an end, no operation written
 * twice (counted in the API server's audit log), no write outside the bounds or over max_step. A
 * shorter run than the e2e drill's 20 kills.
 */
class WorkerCrashKubeIT {
  static final int KILLS = 6;
  static final int OPERATIONS = 20;

  // kept when the drill fails: the audit log, the workers' and the control plane's logs
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void killingAWorkerLosesNoOperationAndWritesNoneTwiceOnARealControlPlane() throws Exception {
    String temporal = Tools.temporal();
    int port = TestWorker.freePort();
    int uiPort = TestWorker.freePort();
    try (ExternalProcess server =
        RealTemporalIT.devServer(temporal, port, uiPort, work.resolve("temporal.db"))) {
      CrashDrill.Report report =
          CrashDrill.run(
              work,
              "the Temporal dev server and a real kube-apiserver",
              "127.0.0.1:" + port,
              OPERATIONS,
              KILLS,
              11,
              Duration.ofMinutes(Long.getLong("specops.crash.minutes", 8)),
              List.of(),
              CrashDrill.workerKills(),
              null,
              KubeDrillCluster::start);
      CrashDrill.check(report, OPERATIONS);
    }
  }
}
