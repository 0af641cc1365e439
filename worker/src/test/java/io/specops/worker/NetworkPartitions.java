package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.kube.NetworkLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * The crash drill's network partitions: each worker reaches a server (the Kubernetes API server or
 * the Temporal server) through its own {@link NetworkLink}, and the drill cuts one worker's link or
 * both, a blackhole, a one-way cut (requests arrive, answers do not) or a reset chosen at random,
 * for a random while, then heals it. No process is killed: the workers and their activities live
 * through the partition, and their requests time out, are refused, or reach the server late.
 */
final class NetworkPartitions implements CrashDrill.Disruption, AutoCloseable {
  private static final String TEMPORAL_TARGET = "--spring.temporal.connection.target=";

  /** Which of the workers' connections the drill cuts. */
  enum Between {
    API_SERVER("worker <-> API server", "the API server"),
    TEMPORAL("worker <-> Temporal server", "the Temporal server");

    private final String counted;
    private final String server;

    Between(String counted, String server) {
      this.counted = counted;
      this.server = server;
    }
  }

  private final Between between;
  private final NetworkLink[] links = new NetworkLink[2];
  private final Duration shortest;
  private final Duration longest;
  private final Duration outage;
  private final NetworkLink.Cut outageCut;
  private int partitions;
  private int blackholes;
  private int oneWay;
  private int resets;
  private int bothCut;
  private Duration cutFor = Duration.ZERO;

  /**
   * Partitions between the workers and {@code between}'s server that last between {@code shortest}
   * and {@code longest}, except the fourth: both workers cut {@code outageCut} for {@code outage},
   * longer than a scale call's retries.
   */
  NetworkPartitions(
      Between between,
      Duration shortest,
      Duration longest,
      Duration outage,
      NetworkLink.Cut outageCut) {
    this.between = between;
    this.shortest = shortest;
    this.longest = longest;
    this.outage = outage;
    this.outageCut = outageCut;
  }

  /**
   * The partition drill: the dev server, two workers against {@code clusters}' API server, these
   * partitions (8 of them, at least 20 operations), the crash drill's invariants, and cuts of every
   * kind that cut real traffic.
   */
  void drill(Path work, String server, long seed, DrillCluster.Factory clusters) throws Exception {
    int operations = 20;
    int port = TestWorker.freePort();
    try (ExternalProcess temporal =
        RealTemporalIT.devServer(
            Tools.temporal(), port, TestWorker.freePort(), work.resolve("temporal.db"))) {
      CrashDrill.Report report =
          CrashDrill.run(
              work,
              server,
              "127.0.0.1:" + port,
              operations,
              8,
              seed,
              Duration.ofMinutes(Long.getLong("specops.crash.minutes", 10)),
              List.of(),
              this,
              null,
              clusters);
      CrashDrill.check(report, operations);
    }
    assertThat(blackholes).as("blackholes").isPositive();
    assertThat(oneWay).as("one-way cuts").isPositive();
    assertThat(resets).as("resets").isPositive();
    assertThat(reset()).as("connections reset").isPositive();
    assertThat(heldChunks()).as("reads held, delivered late").isPositive();
  }

  @Override
  public String counted() {
    return "network partitions (" + between.counted + ")";
  }

  @Override
  public synchronized Map<String, String> workerEnv(int index, Map<String, String> cluster) {
    if (between != Between.API_SERVER) {
      return cluster;
    }
    URI master = URI.create(cluster.get("KUBERNETES_MASTER"));
    NetworkLink link = link(index, master.getHost(), master.getPort());
    Map<String, String> env = new HashMap<>(cluster);
    // the API server's certificate names 127.0.0.1, as the link does
    env.put("KUBERNETES_MASTER", "https://127.0.0.1:" + link.port());
    return Map.copyOf(env);
  }

  @Override
  public synchronized List<String> workerArgs(int index, List<String> args) {
    if (between != Between.TEMPORAL) {
      return args;
    }
    return args.stream()
        .map(
            arg -> {
              if (!arg.startsWith(TEMPORAL_TARGET)) {
                return arg;
              }
              URI target = URI.create("grpc://" + arg.substring(TEMPORAL_TARGET.length()));
              return TEMPORAL_TARGET
                  + "127.0.0.1:"
                  + link(index, target.getHost(), target.getPort()).port();
            })
        .toList();
  }

  /** Worker {@code index}'s link, made on its first start; a restarted worker keeps its link. */
  private NetworkLink link(int index, String host, int port) {
    if (links[index] == null) {
      try {
        links[index] = new NetworkLink(host, port);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return links[index];
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
      how = outageCut;
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
   * Cut from the API server, the 120 s outage outlasts a rollback's retries: a verification that
   * failed during it (its pods unreadable) can end rollback_failed with no rollback written, which
   * is what happened. Cut from the Temporal server, the workers still reach the API server.
   */
  @Override
  public boolean rollbacksMayNotReachTheApi() {
    return between == Between.API_SERVER;
  }

  @Override
  public String summary() {
    StringBuilder out = new StringBuilder();
    CrashDrill.row(
        out,
        "  blackholes / answers lost / resets / both workers cut",
        blackholes + " / " + oneWay + " / " + resets + " / " + bothCut);
    CrashDrill.row(out, "  seconds partitioned in all", cutFor.toSeconds());
    CrashDrill.row(out, "  connections to " + between.server, connections());
    CrashDrill.row(out, "  connections reset", reset());
    CrashDrill.row(out, "  reads held by a cut (delivered late)", heldChunks());
    return out.toString();
  }

  private long reset() {
    return sum(NetworkLink::reset);
  }

  private long heldChunks() {
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
