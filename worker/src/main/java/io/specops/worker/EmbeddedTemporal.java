package io.specops.worker;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The worker's embedded default outside the demo: Temporal's Java test server on a local port (real
 * time, no time skipping), so the `specops` CLI and `temporal` CLI can reach it like any Temporal
 * server.
 */
final class EmbeddedTemporal {
  private EmbeddedTemporal() {}

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
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-temporal-shutdown"));
    return "127.0.0.1:" + port;
  }
}
