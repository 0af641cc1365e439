package io.specops.worker;

import io.specops.kube.NetworkLink;
import java.nio.file.Path;
import java.time.Duration;
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
  // kept when the drill fails: the audit log, the workers' and the control plane's logs
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void partitionsBetweenTheWorkersAndTheApiServerLoseNoOperationAndWriteNoneTwice()
      throws Exception {
    try (NetworkPartitions partitions =
        new NetworkPartitions(
            NetworkPartitions.Between.API_SERVER,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ofSeconds(120),
            NetworkLink.Cut.ANSWERS_LOST)) {
      partitions.drill(
          work,
          "the Temporal dev server and a real kube-apiserver, partitioned",
          23,
          KubeDrillCluster::start);
    }
  }
}
