package io.specops.worker;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringApplication;

/**
 * The worker's embedded default outside the demo: Temporal's Java test server on a local port (real
 * time, no time skipping), so the `specops` CLI and `temporal` CLI can reach it like any Temporal
 * server. It closes in Spring's shutdown hook, after the worker's context has closed, not in a hook
 * of its own: that one ran beside Spring's, and the server went away while the worker was still
 * handing its activities back to it.
 */
final class EmbeddedTemporal {
  private static final List<TestServer.PortBoundTestServer> RUNNING = new CopyOnWriteArrayList<>();
  private static final Runnable CLOSE_ALL = EmbeddedTemporal::closeAll;

  private EmbeddedTemporal() {}

  /** Closes the servers {@link #start} started, once the worker has stopped using them. */
  static void closeAll() {
    for (TestServer.PortBoundTestServer server : List.copyOf(RUNNING)) {
      RUNNING.remove(server);
      server.close();
    }
  }

  static String start(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      probe.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException(
          "port "
              + port
              + " is in use: is another worker or a Temporal server running? "
              + "Connect to it with --temporal-target 127.0.0.1:"
              + port
              + ", or choose another --embedded-port");
    }
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    RUNNING.add(server);
    // Spring runs its shutdown handlers once every context has closed
    SpringApplication.getShutdownHandlers().add(CLOSE_ALL);
    return "127.0.0.1:" + port;
  }
}
