package io.specops.worker;

import io.specops.kube.NetworkLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * The crash drill's network partitions: each worker reaches the Kubernetes API server through its
 * own {@link NetworkLink}, and the drill cuts one worker's link or both, a blackhole, a one-way cut
 * (requests arrive, answers do not) or a reset chosen at random, for a random while, then heals it.
 * No process is killed: the workers and their activities live through the partition, and their
 * requests time out, are refused, or reach the server late.
 */
final class NetworkPartitions implements CrashDrill.Disruption, AutoCloseable {
  private final NetworkLink[] links = new NetworkLink[2];
  private final Duration shortest;
  private final Duration longest;
  private final Duration outage;
  private int partitions;
  private int blackholes;
  private int oneWay;
  private int resets;
  private int bothCut;
  private Duration cutFor = Duration.ZERO;

  /**
   * Partitions that last between {@code shortest} and {@code longest}, except the fourth: both
   * workers' answers lost for {@code outage}, longer than a scale call's retries.
   */
  NetworkPartitions(Duration shortest, Duration longest, Duration outage) {
    this.shortest = shortest;
    this.longest = longest;
    this.outage = outage;
  }

  @Override
  public String counted() {
    return "network partitions (worker <-> API server)";
  }

  @Override
  public synchronized Map<String, String> workerEnv(int index, Map<String, String> cluster) {
    if (links[index] == null) {
      URI master = URI.create(cluster.get("KUBERNETES_MASTER"));
      try {
        links[index] = new NetworkLink(master.getHost(), master.getPort());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<String, String> env = new HashMap<>(cluster);
    // the API server's certificate names 127.0.0.1, as the link does
    env.put("KUBERNETES_MASTER", "https://127.0.0.1:" + links[index].port());
    return Map.copyOf(env);
  }

  @Override
  public Instant disrupt(CrashDrill.Workers workers, Random random, long operationsSoFar)
      throws Exception {
    Thread.sleep(1000 + random.nextInt(7000));
    int who = random.nextInt(3); // worker 0, worker 1, or both
    NetworkLink.Cut how = NetworkLink.Cut.values()[random.nextInt(NetworkLink.Cut.values().length)];
    Duration length = shortest.plusMillis(random.nextLong(longest.minus(shortest).toMillis() + 1));
    if (partitions == 3) {
      who = 2;
      how = NetworkLink.Cut.ANSWERS_LOST;
      length = outage;
    }
    Instant cut = Instant.now();
    for (int i = 0; i < links.length; i++) {
      if (who == 2 || who == i) {
        links[i].cut(how);
      }
    }
    partitions++;
    cutFor = cutFor.plus(length);
    switch (how) {
      case BLACKHOLE -> blackholes++;
      case ANSWERS_LOST -> oneWay++;
      case RESET -> resets++;
    }
    if (who == 2) {
      bothCut++;
    }
    System.out.printf(
        "crash drill: partition %d (%s, %s) at %s for %.1f s, %d operations so far%n",
        partitions,
        who == 2 ? "both workers" : "worker " + who,
        how.name().toLowerCase(java.util.Locale.ROOT),
        cut,
        length.toMillis() / 1000.0,
        operationsSoFar);
    Thread.sleep(length.toMillis());
    for (NetworkLink link : links) {
      link.heal();
    }
    return cut;
  }

  /**
   * The 120 s outage outlasts a rollback's retries: a verification that failed during it (its pods
   * unreadable) can end rollback_failed with no rollback written, which is what happened.
   */
  @Override
  public boolean rollbacksMayNotReachTheApi() {
    return true;
  }

  @Override
  public String summary() {
    StringBuilder out = new StringBuilder();
    CrashDrill.row(
        out,
        "  blackholes / answers lost / resets / both workers cut",
        blackholes + " / " + oneWay + " / " + resets + " / " + bothCut);
    CrashDrill.row(out, "  seconds partitioned in all", cutFor.toSeconds());
    CrashDrill.row(out, "  connections to the API server", connections());
    CrashDrill.row(out, "  connections reset", reset());
    CrashDrill.row(out, "  reads held by a cut (delivered late)", heldChunks());
    return out.toString();
  }

  long blackholes() {
    return blackholes;
  }

  long oneWay() {
    return oneWay;
  }

  long resets() {
    return resets;
  }

  long reset() {
    return sum(NetworkLink::reset);
  }

  long heldChunks() {
    return sum(NetworkLink::heldChunks);
  }

  private long connections() {
    return sum(NetworkLink::connections);
  }

  /** A count over both links (a link not made yet counts nothing). */
  private long sum(ToLongFunction<NetworkLink> count) {
    return Arrays.stream(links).filter(Objects::nonNull).mapToLong(count).sum();
  }

  @Override
  public void close() {
    for (NetworkLink l : links) {
      if (l != null) {
        l.close();
      }
    }
  }
}
