package dev.berth.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: Jetty core handlers, every request on its own virtual thread, no body-size limit (blob
 * routes stream; the manifest route caps its own body), and an idle timeout that applies between reads, never to
 * a whole request.
 */
public final class HttpServer implements AutoCloseable {
  // Jetty reads request bytes into a buffer of this size, so it bounds the chunks an upload streams through the
  // digest into storage: Jetty's 8 KiB default costs a socket read, a file write and often a park of the
  // request's virtual thread per 8 KiB. 256 KiB measured no clear gain over 64 KiB (bench/README.md), while every
  // connection that is reading holds one.
  private static final int INPUT_BUFFER = 64 * 1024;
  private final Server server;
  private final ServerConnector connector;

  /**
   * @param host the address to bind
   * @param port the port; 0 picks a free one
   * @param idleTimeout how long a connection may move no bytes before it is closed
   * @param accessLog whether to log every request to the {@code berth.access} logger
   * @param groups the route groups, asked in order
   * @param json the JSON mapper for error bodies
   */
  public HttpServer(String host, int port, Duration idleTimeout, boolean accessLog, List<RouteGroup> groups,
      ObjectMapper json) {
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("berth-http");
    threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("berth-request-"));
    // The default pool keeps buffers of at most 64 KiB and allocates larger ones anew on every acquire; blob
    // downloads stream through Exchange.STREAM_BUFFER-sized direct buffers, which, allocated per request, ran
    // into the direct-memory limit under load and stalled requests behind System.gc().
    this.server = new Server(threads, null, new ArrayByteBufferPool(0, -1, Exchange.STREAM_BUFFER));
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    config.setRequestHeaderSize(16 * 1024);
    HttpConnectionFactory http1 = new HttpConnectionFactory(config);
    http1.setInputBufferSize(INPUT_BUFFER);
    this.connector = new ServerConnector(server, http1);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);
    ErrorHandler errorHandler = new ErrorHandler();
    errorHandler.setShowStacks(false);
    errorHandler.setShowMessageInTitle(false);
    server.setErrorHandler(errorHandler);
    server.setHandler(new RootHandler(groups, json));
    if (accessLog) {
      Slf4jRequestLogWriter writer = new Slf4jRequestLogWriter();
      writer.setLoggerName("berth.access");
      server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT));
    }
    server.setStopTimeout(5_000);
  }

  /** Starts listening. */
  public void start() throws Exception {
    server.start();
  }

  /** The bound port, after {@link #start()}. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
