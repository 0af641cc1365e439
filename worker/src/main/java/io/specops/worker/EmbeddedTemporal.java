package io.specops.worker;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The worker's embedded default outside the demo: Temporal's Java test server on a local port (real
 * time, no time skipping), so the `specops` CLI and `temporal` CLI can reach it like any Temporal
 * server. It is closed after the worker's context ({@link #closeAll}), not by a shutdown hook of
 * its own: a hook runs beside Spring's, and the server went away while the worker was still handing
 * its activities back to it.
 */
final class EmbeddedTemporal {
  private static final List<TestServer.PortBoundTestServer> RUNNING = new CopyOnWriteArrayList<>();

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
    return "127.0.0.1:" + port;
  }
}
