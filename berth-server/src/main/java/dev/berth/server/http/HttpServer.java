package dev.berth.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.config.IpRange;
import dev.berth.server.tls.PemKeyStore;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: Jetty core handlers, every request on its own virtual thread, no body-size limit (blob
 * routes stream; the manifest route caps its own body), and an idle timeout that applies between reads, never to
 * a whole request.
 */
public final class HttpServer implements AutoCloseable {
  /**
   * HTTPS beside plain HTTP.
   *
   * @param port the HTTPS port; 0 picks a free one
   * @param keyStore the certificate chain and key, under {@link PemKeyStore#ALIAS}
   * @param httpMode what the plain port does: {@code redirect} to HTTPS, {@code serve} the same routes, or
   *     {@code off}
   */
  public record Tls(int port, KeyStore keyStore, String httpMode) {}

  // Jetty reads request bytes into a buffer of this size, so it bounds the chunks an upload streams through the
  // digest into storage: Jetty's 8 KiB default costs a socket read, a file write and often a park of the
  // request's virtual thread per 8 KiB. 256 KiB measured no clear gain over 64 KiB (bench/README.md), while every
  // connection that is reading holds one.
  private static final int INPUT_BUFFER = 64 * 1024;
  // A larger socket send buffer lets a blob download hand the kernel a whole stream buffer per write instead of
  // parking the request's virtual thread while the buffer drains.
  private static final int SEND_BUFFER = 1024 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final ServerConnector tlsConnector;

  /**
   * How the server listens.
   *
   * @param host the address to bind
   * @param port the port; 0 picks a free one
   * @param idleTimeout how long a connection may move no bytes before it is closed
   * @param accessLog whether to log every request to the {@code berth.access} logger
   * @param trustedProxies peers whose {@code X-Forwarded-For} names the client (load balancers)
   * @param httpsAuthority the host (and port) clients reach Berth's HTTPS at, when configured: plain HTTP
   *     requests are redirected there
   */
  public record Listening(String host, int port, Duration idleTimeout, boolean accessLog,
      List<IpRange> trustedProxies, Optional<String> httpsAuthority) {
    public Listening {
      trustedProxies = List.copyOf(trustedProxies);
    }
  }

  /**
   * @param listening where and how to listen
   * @param groups the route groups, asked in order
   * @param json the JSON mapper for error bodies
   * @param tls HTTPS beside plain HTTP, if configured
   * @param observer told about every finished request
   */
  public HttpServer(Listening listening, List<RouteGroup> groups, ObjectMapper json, Optional<Tls> tls,
      RequestObserver observer) {
    String host = listening.host();
    int port = listening.port();
    Duration idleTimeout = listening.idleTimeout();
    boolean accessLog = listening.accessLog();
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
    if (!listening.trustedProxies().isEmpty()) {
      config.addCustomizer(new ForwardedClientAddress(listening.trustedProxies()));
    }
    boolean plain = tls.isEmpty() || !tls.get().httpMode().equals("off");
    HttpConnectionFactory http1 = new HttpConnectionFactory(config);
    http1.setInputBufferSize(INPUT_BUFFER);
    this.connector = plain ? new ServerConnector(server, http1) : null;
    if (connector != null) {
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(idleTimeout.toMillis());
      connector.setAcceptedSendBufferSize(SEND_BUFFER);
      server.addConnector(connector);
    }
    this.tlsConnector = tls.map(t -> httpsConnector(config, t, host, idleTimeout)).orElse(null);
    if (tlsConnector != null) {
      server.addConnector(tlsConnector);
    }
    ProtocolErrorHandler errorHandler = new ProtocolErrorHandler(groups, new ErrorRenderer(json));
    errorHandler.setShowStacks(false);
    errorHandler.setShowMessageInTitle(false);
    server.setErrorHandler(errorHandler);
    boolean redirect = tls.isPresent() && tls.get().httpMode().equals("redirect");
    RootHandler.HttpsPolicy httpsPolicy = tls.isEmpty() ? RootHandler.HttpsPolicy.none()
        : new RootHandler.HttpsPolicy(redirect ? this::httpsPort : () -> -1,
            listening.httpsAuthority(), !tls.get().httpMode().equals("serve"));
    server.setHandler(new RootHandler(groups, json, httpsPolicy, observer));
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

  private ServerConnector httpsConnector(HttpConfiguration base, Tls tls, String host, Duration idleTimeout) {
    HttpConfiguration config = new HttpConfiguration(base);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // clients reach registries by IP and by names the certificate may not list
    config.addCustomizer(secure);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
    ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
    HttpConnectionFactory http11 = new HttpConnectionFactory(config);
    http11.setInputBufferSize(INPUT_BUFFER);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(http11.getProtocol());
    SslConnectionFactory tlsFactory = new SslConnectionFactory(ssl, alpn.getProtocol());
    ServerConnector c = new ServerConnector(server, tlsFactory, alpn, h2, http11);
    c.setHost(host);
    c.setPort(tls.port());
    c.setIdleTimeout(idleTimeout.toMillis());
    return c;
  }

  /** The bound plain HTTP port, after {@link #start()}; -1 when plain HTTP is off. */
  public int port() {
    return connector == null ? -1 : connector.getLocalPort();
  }

  /** The bound HTTPS port, after {@link #start()}; -1 without TLS. */
  public int httpsPort() {
    return tlsConnector == null ? -1 : tlsConnector.getLocalPort();
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
