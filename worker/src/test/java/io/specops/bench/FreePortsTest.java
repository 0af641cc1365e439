package io.specops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ports handed out in one JVM are free and never the same twice. */
class FreePortsTest {
  @Test
  void noPortIsHandedOutTwice() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int port = FreePorts.next();
      assertThat(seen.add(port)).as("port %d handed out again", port).isTrue();
      try (ServerSocket s = new ServerSocket(port)) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
