package dev.berth.server.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy to a database, which a test can cut (every connection reset, new ones refused) and reopen
 * on the same port, to play a database that goes away and comes back.
 */
final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = listen(0);
    this.port = server.getLocalPort();
    accept(server);
  }

  int port() {
    return port;
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private void accept(ServerSocket listening) {
    Thread.ofVirtual().name("proxy-accept").start(() -> {
      while (!listening.isClosed()) {
        try {
          Socket client = listening.accept();
          Socket upstream = new Socket(targetHost, targetPort);
          sockets.add(client);
          sockets.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          return; // closed by cut() or close()
        }
      }
    });
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual().name("proxy-pump").start(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // one side went away: the finally below ends the other
      } finally {
        reset(from);
        reset(to);
      }
    });
  }

  private void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // RST, as a crashed server or a dropped link gives
      s.close();
    } catch (IOException e) {
      // already closed
    }
    sockets.remove(s);
  }

  /** Resets every connection through the proxy and refuses new ones. */
  void cut() throws IOException {
    server.close();
    for (Socket s : Set.copyOf(sockets)) {
      reset(s);
    }
  }

  /** Accepts connections again, on the same port. */
  void reopen() throws IOException {
    server = listen(port);
    accept(server);
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
