package io.specops.worker;

import io.specops.kube.NetworkLink;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash drill with the workers cut off from the Temporal server instead of killed (e2e tier):
 * two workers against the dev server and the simulated cluster, each reaching the Temporal server
 * through its own link, which the drill cuts (one worker's or both; blackholed, one way or reset)
 * for 2-30 s at a time, and once both blackholed for 120 s: connections held open and silent, as a
 * dropped route or a stateful firewall leaves them. The workers still reach the API server, so an
 * activity that started before a cut can finish its write while its completion cannot be reported
 * and the server hands the task to the other worker. The same invariants as a kill: no decision
 * without an end, no operation written twice, no write outside the bounds, over max_step or over
 * the cluster's cpu, no capacity left reserved.
 */
class TemporalPartitionIT {
  // kept when the drill fails: the audit log and the workers' logs
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void partitionsBetweenTheWorkersAndTheTemporalServerLoseNoOperationAndWriteNoneTwice()
      throws Exception {
    try (NetworkPartitions partitions =
        new NetworkPartitions(
            NetworkPartitions.Between.TEMPORAL,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ofSeconds(120),
            NetworkLink.Cut.BLACKHOLE)) {
      partitions.drill(
          work,
          "the Temporal dev server, partitioned from the workers",
          29,
          DrillCluster::simulated);
    }
  }
}
