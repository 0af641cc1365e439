package io.specops.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network between SpecOps and a server it calls (the Kubernetes API server, the Temporal
 * server), as a TCP forwarder a test can cut the way a partition does. What flows is untouched (TLS
 * passes through, gRPC's HTTP/2 too: the worker still talks to the real server); only the path is
 * disturbed:
 *
 * <ul>
 *   <li>{@link Cut#BLACKHOLE}: nothing gets through, and nothing is refused. Bytes sent meanwhile
 *       wait and are delivered when the link heals, as TCP retransmits them after a partition: a
 *       request whose client gave up waiting can still reach the server late. New connections are
 *       accepted but go nowhere until then (the client's handshake hangs).
 *   <li>{@link Cut#ANSWERS_LOST}: a one-way partition. Requests reach the server and take effect,
 *       its answers wait as in a blackhole: a write the client gave up on has landed.
 *   <li>{@link Cut#RESET}: every open connection is reset and new ones are reset at once (a
 *       firewall that rejects, a proxy or a node that restarts).
 * </ul>
 */
public final class NetworkLink implements AutoCloseable {
  public enum Cut {
    BLACKHOLE,
    /** Requests reach the server; its answers are held until the link heals. */
    ANSWERS_LOST,
    RESET
  }

  private final String upstreamHost;
  private final int upstreamPort;
  private final ServerSocket listener;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private Cut cut;
  private volatile boolean closed;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong reset = new AtomicLong();
  private final AtomicLong heldChunks = new AtomicLong();

  public NetworkLink(String upstreamHost, int upstreamPort) throws IOException {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("link-accept-" + port()).start(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Cuts the link until {@link #heal()}. */
  public void cut(Cut how) {
    synchronized (gate) {
      cut = how;
    }
    if (how == Cut.RESET) {
      open.forEach(this::resetAll);
    }
  }

  public void heal() {
    synchronized (gate) {
      cut = null;
      gate.notifyAll();
    }
  }

  public long connections() {
    return connections.get();
  }

  /** Connections reset by a {@link Cut#RESET}, open ones and new ones. */
  public long reset() {
    return reset.get();
  }

  /**
   * Reads held by a blackhole or a one-way cut, delivered when it healed (or dropped, if closed).
   */
  public long heldChunks() {
    return heldChunks.get();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      Connection c = new Connection(client);
      open.add(c);
      Thread.ofVirtual().start(() -> connect(c));
    }
  }

  private void connect(Connection c) {
    // a new connection during a blackhole reaches nothing until it heals; during a reset, none
    if (!awaitPassable(false) || cutNow() == Cut.RESET) {
      resetAll(c);
      return;
    }
    try {
      c.upstream = new Socket(upstreamHost, upstreamPort);
    } catch (IOException e) {
      resetAll(c);
      return;
    }
    Thread.ofVirtual().start(() -> pump(c, c.client, c.upstream, false));
    pump(c, c.upstream, c.client, true);
  }

  /** Copies one direction; every read waits out a blackhole before it is written on. */
  private void pump(Connection c, Socket from, Socket to, boolean answers) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (holds(cutNow(), answers)) {
          heldChunks.incrementAndGet();
        }
        if (!awaitPassable(answers) || c.reset) {
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
      // the sender is done: pass its half-close on, so a request cut off by its client's
      // timeout still reaches the server whole, as TCP would deliver it
      to.shutdownOutput();
    } catch (IOException e) {
      // the other side is gone, or a reset closed it
    } finally {
      if (c.pumps.decrementAndGet() == 0 || c.reset) {
        close(c);
      }
    }
  }

  private static boolean holds(Cut cut, boolean answers) {
    return cut == Cut.BLACKHOLE || (answers && cut == Cut.ANSWERS_LOST);
  }

  /** Waits while this direction is held; false when the link was closed meanwhile. */
  private boolean awaitPassable(boolean answers) {
    synchronized (gate) {
      while (holds(cut, answers) && !closed) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !closed;
    }
  }

  private Cut cutNow() {
    synchronized (gate) {
      return cut;
    }
  }

  /** Both sides get an RST, not a FIN. */
  private void resetAll(Connection c) {
    if (c.reset) {
      return;
    }
    c.reset = true;
    reset.incrementAndGet();
    for (Socket s : new Socket[] {c.client, c.upstream}) {
      if (s != null) {
        try {
          s.setSoLinger(true, 0);
        } catch (SocketException e) {
          // closed already
        }
      }
    }
    close(c);
  }

  private void close(Connection c) {
    open.remove(c);
    for (Socket s : new Socket[] {c.client, c.upstream}) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  /** One client connection and its connection to the server. */
  private static final class Connection {
    final Socket client;
    volatile Socket upstream;
    volatile boolean reset;
    final AtomicInteger pumps = new AtomicInteger(2);

    Connection(Socket client) {
      this.client = client;
    }
  }

  @Override
  public void close() {
    closed = true;
    heal();
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    open.forEach(this::close);
  }
}
