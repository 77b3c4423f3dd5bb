package dev.berth.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port in front of a service, which a test can cut to make the service
 * unreachable for whoever connects through it, and restore on the same port, without touching the service.
 *
 * <ul>
 *   <li>{@link #refuse()}: the port closes and every forwarded connection is reset, as when the service stops.
 *   <li>{@link #blackhole()}: the port accepts but nothing is forwarded and every forwarded connection is reset;
 *       new connections hang, as when a network path drops packets.
 *   <li>{@link #restore()}: forwarding again on the same port.
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {
  private enum Mode { FORWARD, BLACKHOLE, REFUSE }

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.FORWARD;
  private volatile ServerSocket server;
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress target, ServerSocket server) {
    this.target = target;
    this.server = server;
    this.port = server.getLocalPort();
    acceptLoop(server);
  }

  /** Starts forwarding a free loopback port to {@code host:port}. */
  public static TcpProxy start(String host, int port) throws IOException {
    return new TcpProxy(new InetSocketAddress(host, port), bind(0));
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The port stops listening and open connections are reset. */
  public synchronized void refuse() throws IOException {
    mode = Mode.REFUSE;
    ServerSocket s = server;
    server = null;
    if (s != null) {
      s.close();
    }
    dropConnections();
  }

  /** Connections are accepted and then ignored; open ones are reset. */
  public synchronized void blackhole() throws IOException {
    mode = Mode.BLACKHOLE;
    ensureListening();
    dropConnections();
  }

  /** Forwards again on the same port. */
  public synchronized void restore() throws IOException {
    mode = Mode.FORWARD;
    ensureListening();
    dropConnections(); // connections accepted while blackholed were never forwarded
  }

  private void ensureListening() throws IOException {
    if (server == null) {
      ServerSocket s = bind(port);
      server = s;
      acceptLoop(s);
    }
  }

  private void dropConnections() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0); // RST, as a dead peer's kernel would answer
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }
    sockets.clear();
  }

  private void acceptLoop(ServerSocket s) {
    Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> {
      while (!s.isClosed()) {
        Socket client;
        try {
          client = s.accept();
        } catch (IOException e) {
          return;
        }
        sockets.add(client);
        if (mode == Mode.FORWARD) {
          Thread.ofVirtual().start(() -> forward(client));
        }
      }
    });
  }

  private void forward(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 2_000);
    } catch (IOException e) {
      closeQuietly(client);
      return;
    }
    sockets.add(upstream);
    Thread.ofVirtual().start(() -> pump(client, upstream));
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (SocketException e) {
      // reset or closed by a cut
    } catch (IOException e) {
      // the peer went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    refuse();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }
}
