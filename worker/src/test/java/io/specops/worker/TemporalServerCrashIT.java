package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal server kill drill (e2e tier): the dev server, its database in a file, SIGKILLed at
 * random points 5 times during 30+ scale operations and started again on the same file. The two
 * workers are never restarted: they reconnect by themselves. Same checks as the worker drill, and
 * the audit trail in PostgreSQL checked against every history.
 */
class TemporalServerCrashIT {
  static final int OPERATIONS = 30;
  static final int KILLS = 5;

  @TempDir Path work;

  @Test
  void killingTheTemporalServerLosesNothingAndTheWorkersReconnect() throws Exception {
    String temporal = Tools.temporal();
    int port = TestWorker.freePort();
    int uiPort = TestWorker.freePort();
    Path db = work.resolve("temporal.db");
    ExternalProcess[] server = {RealTemporalIT.devServer(temporal, port, uiPort, db)};
    CrashDrill.KillableServer killable =
        new CrashDrill.KillableServer() {
          @Override
          public void kill() throws Exception {
            server[0].kill();
          }

          @Override
          public void restart() throws Exception {
            server[0] = RealTemporalIT.devServer(temporal, port, uiPort, db);
          }
        };
    try (PostgresServer pg = PostgresServer.start()) {
      CrashDrill.Report report =
          CrashDrill.run(
              work,
              "the Temporal dev server (killed)",
              "127.0.0.1:" + port,
              OPERATIONS,
              KILLS,
              17,
              Duration.ofMinutes(Long.getLong("specops.crash.minutes", 10)),
              List.of(),
              CrashDrill.serverKills(killable),
              pg,
              DrillCluster::simulated);
      CrashDrill.check(report, OPERATIONS);
      assertThat(report.kills()).isGreaterThanOrEqualTo(KILLS);
    } finally {
      server[0].close();
    }
  }
}
