package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash drill with network partitions instead of kills (kube tier): two workers against the
 * Temporal dev server and a real kube-apiserver, each reaching the API server through its own link,
 * which the drill cuts (one worker's or both, blackholed or reset) for 2-30 s at a time, and once
 * both for 120 s, longer than a scale call's retries (about 90 s). The same invariants as a kill:
 * no decision without an end, no operation written twice (counted in the API server's audit log),
 * no write outside the bounds, over max_step or over the cluster's cpu, no capacity left reserved.
 * A request that timed out in a blackhole reaches the server when it heals, as TCP would deliver
 * it: the write's resourceVersion and the operation annotation are what keep such a late write from
 * landing twice or over a newer one.
 */
class NetworkPartitionKubeIT {
  static final int PARTITIONS = 8;
  static final int OPERATIONS = 20;

  // kept when the drill fails: the audit log, the workers' and the control plane's logs
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void partitionsBetweenTheWorkersAndTheApiServerLoseNoOperationAndWriteNoneTwice()
      throws Exception {
    String temporal = Tools.temporal();
    int port = TestWorker.freePort();
    int uiPort = TestWorker.freePort();
    try (ExternalProcess server =
            RealTemporalIT.devServer(temporal, port, uiPort, work.resolve("temporal.db"));
        NetworkPartitions partitions =
            new NetworkPartitions(
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(120))) {
      CrashDrill.Report report =
          CrashDrill.run(
              work,
              "the Temporal dev server and a real kube-apiserver, partitioned",
              "127.0.0.1:" + port,
              OPERATIONS,
              PARTITIONS,
              23,
              Duration.ofMinutes(Long.getLong("specops.crash.minutes", 10)),
              List.of(),
              partitions,
              null,
              KubeDrillCluster::start);
      CrashDrill.check(report, OPERATIONS);
      // the partitions cut real traffic, both ways they can
      assertThat(partitions.blackholes()).as("blackholes").isPositive();
      assertThat(partitions.oneWay()).as("one-way cuts").isPositive();
      assertThat(partitions.resets()).as("resets").isPositive();
      assertThat(partitions.reset()).as("connections reset").isPositive();
      assertThat(partitions.heldChunks()).as("reads held, delivered late").isPositive();
    }
  }
}
