package io.specops.worker;

import io.specops.bench.FreePorts;
import io.specops.blueprint.TestBlueprints;
import io.specops.client.FleetClient;
import io.specops.service.ServiceStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker as `./specops worker` runs it (embedded Temporal on a port, real time, simulated
 * cluster), with pods that start in 2 s and short verification so tests run in real time, and
 * blueprints where the frontend's scale-ups need alice's approval.
 */
record TestWorker(ConfigurableApplicationContext context, String target, int httpPort, Path work)
    implements AutoCloseable {

  static TestWorker start(Path work, String... extraArgs) throws IOException {
    return start(work, "seed-001", true, extraArgs);
  }

  /**
   * @param scenario a built-in scenario, run with 2-second pod starts (and batch jobs of 20 s)
   * @param frontendNeedsApproval whether the frontend's scale-ups wait for alice
   */
  static TestWorker start(
      Path work, String scenario, boolean frontendNeedsApproval, String... extraArgs)
      throws IOException {
    int temporalPort = freePort();
    List<String> args = new ArrayList<>(arguments(work, scenario, frontendNeedsApproval));
    args.add("--specops.embedded-port=" + temporalPort);
    args.addAll(List.of(extraArgs));
    // a later --name=value replaces an earlier one (Spring would join repeated arguments with
    // commas)
    Map<String, String> byName = new LinkedHashMap<>();
    for (String arg : args) {
      byName.put(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg, arg);
    }
    String[] all = byName.values().toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(WorkerApplication.class)
            .properties(WorkerApplication.embeddedServerIfNoTarget(all))
            .run(all);
    int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
    String target = WorkerApplication.value(all, "--spring.temporal.connection.target");
    return new TestWorker(
        context, target != null ? target : "127.0.0.1:" + temporalPort, httpPort, work);
  }

  /**
   * The worker's arguments for this test setup, with its blueprints and fast scenario written under
   * {@code work}; also for a worker in a process of its own ({@link WorkerProcess}).
   */
  static List<String> arguments(Path work, String scenario, boolean frontendNeedsApproval)
      throws IOException {
    Path blueprints = Files.createDirectories(work.resolve("blueprints"));
    String frontend = TestBlueprints.yaml("frontend");
    if (frontendNeedsApproval) {
      frontend =
          frontend.replace(
              "approvers: [alice, bob]",
              "approvers: [alice]\n    require_approval: {scale_up: true}");
    }
    Files.writeString(blueprints.resolve("frontend.yaml"), frontend);
    Files.writeString(blueprints.resolve("backend.yaml"), TestBlueprints.yaml("backend"));
    Path fast = work.resolve("fast-" + scenario + ".yaml");
    Files.writeString(
        fast,
        new String(
                TestWorker.class
                    .getResourceAsStream("/scenarios/" + scenario + ".yaml")
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("startup_delay: 50s", "startup_delay: 2s")
            .replace("runs_for: 3m", "runs_for: 20s"));
    return List.of(
        "--specops.mode=worker",
        "--specops.start-fleet=false",
        "--server.port=0",
        "--specops.scenario=" + fast,
        "--specops.audit-dir=" + work.resolve("audit"),
        "--specops.blueprints=" + blueprints,
        "--specops.api.tokens=alice:alice-token,mallory:mallory-token",
        "--specops.verification.poll-interval=1s",
        "--specops.verification.settle-time=2s");
  }

  /**
   * The frontend's decision waiting for approval, or null (also while the fleet is still starting).
   */
  static String pendingApproval(FleetClient client) {
    try {
      ServiceStatus s = client.status("todo-frontend");
      return s.pendingApproval() == null ? null : s.pendingApproval().decisionId();
    } catch (RuntimeException notYet) {
      return null;
    }
  }

  Path blueprints() {
    return work.resolve("blueprints");
  }

  /** Nobody listens there (a worker that refused to start opened no port). */
  static boolean freePortIsFree(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return s.getLocalPort() == port;
    } catch (IOException inUse) {
      return false;
    }
  }

  static int freePort() throws IOException {
    return FreePorts.next();
  }

  @Override
  public void close() {
    context.close();
  }
}
