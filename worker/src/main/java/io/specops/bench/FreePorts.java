package io.specops.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports for the servers the bench and the tests start (a Temporal dev server and its UI, etcd and
 * the API server, nginx, Prometheus): one nobody listens on, and one this JVM has not handed out
 * before. The kernel may give the same free port to two binds in a row once the first socket is
 * closed: a test that asked for two (an mTLS and an API-key listener) once got one port twice, and
 * nginx served both on the first one's server block.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int next() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (HANDED_OUT.add(s.getLocalPort()) || attempt >= 100) {
          return s.getLocalPort();
        }
      }
    }
  }
}
