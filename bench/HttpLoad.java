import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small closed-loop HTTP/1.1 load generator in the manner of wrk: a few threads, each driving its share of
 * keep-alive connections from one selector, one request in flight per connection, latency measured from the
 * first byte written to the last byte read.
 *
 * <p>It exists because Debian's wrk 4.1.0 cannot measure HEAD: its response parser waits for the
 * {@code Content-Length} bytes of body that a HEAD response announces but never sends, so every connection stalls
 * and wrk reports 0 requests. This tool knows that a HEAD response ends with its headers.
 *
 * <pre>
 * java HttpLoad.java [--method GET|HEAD] [--threads 2] [--connections 64] [--duration 15]
 *                    [--warmup 0] [-H 'Name: value']... http://host:port/path
 * </pre>
 *
 * Durations are in seconds. Prints {@code measuring} when the warm-up is over, then {@code key=value} lines:
 * requests, seconds, requests_per_sec, p50_ms, p75_ms, p90_ms, p99_ms, max_ms, non2xx, errors.
 */
public final class HttpLoad {
  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    String method = "GET";
    int threads = 2;
    int connections = 64;
    double duration = 15;
    double warmup = 0;
    List<String> headers = new ArrayList<>();
    String url = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--method" -> method = args[++i].toUpperCase(Locale.ROOT);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--duration" -> duration = parseSeconds(args[++i]);
        case "--warmup" -> warmup = parseSeconds(args[++i]);
        case "-H", "--header" -> headers.add(args[++i]);
        default -> {
          if (args[i].startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + args[i]);
          }
          url = args[i];
        }
      }
    }
    if (url == null) {
      System.err.println("usage: java HttpLoad.java [--method M] [--threads N] [--connections N] "
          + "[--duration S] [--warmup S] [-H 'Name: value']... URL");
      System.exit(2);
    }
    URI uri = URI.create(url);
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    StringBuilder req = new StringBuilder()
        .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(uri.getHost()).append(':').append(port).append("\r\n");
    for (String h : headers) {
      req.append(h).append("\r\n");
    }
    req.append("\r\n");
    byte[] request = req.toString().getBytes(StandardCharsets.US_ASCII);
    InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
    boolean head = method.equals("HEAD");

    if (warmup > 0) {
      run(address, request, head, threads, connections, warmup);
    }
    System.out.println("measuring");
    System.out.flush();
    Result r = run(address, request, head, threads, connections, duration);
    long[] lat = r.latencies;
    Arrays.sort(lat);
    System.out.printf(Locale.ROOT, "requests=%d%n", lat.length);
    System.out.printf(Locale.ROOT, "seconds=%.3f%n", r.seconds);
    System.out.printf(Locale.ROOT, "requests_per_sec=%.2f%n", lat.length / r.seconds);
    System.out.printf(Locale.ROOT, "p50_ms=%.3f%n", pct(lat, 50));
    System.out.printf(Locale.ROOT, "p75_ms=%.3f%n", pct(lat, 75));
    System.out.printf(Locale.ROOT, "p90_ms=%.3f%n", pct(lat, 90));
    System.out.printf(Locale.ROOT, "p99_ms=%.3f%n", pct(lat, 99));
    System.out.printf(Locale.ROOT, "max_ms=%.3f%n", lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
    System.out.printf(Locale.ROOT, "non2xx=%d%n", r.non2xx);
    System.out.printf(Locale.ROOT, "errors=%d%n", r.errors);
  }

  private static double parseSeconds(String s) {
    return Double.parseDouble(s.endsWith("s") ? s.substring(0, s.length() - 1) : s);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length); // nearest rank
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private record Result(long[] latencies, double seconds, long non2xx, long errors) {}

  private static Result run(InetSocketAddress address, byte[] request, boolean head, int threads,
      int connections, double seconds) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Worker[] workers = new Worker[threads];
    for (int t = 0; t < threads; t++) {
      int share = connections / threads + (t < connections % threads ? 1 : 0);
      workers[t] = new Worker(address, request, head, share, stop);
    }
    long start = System.nanoTime();
    for (Worker w : workers) {
      w.start();
    }
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    long elapsed = System.nanoTime() - start;
    long total = 0;
    long non2xx = 0;
    long errors = 0;
    for (Worker w : workers) {
      w.join();
      total += w.count;
      non2xx += w.non2xx;
      errors += w.errors;
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.count);
      at += w.count;
    }
    return new Result(all, elapsed / 1e9, non2xx, errors);
  }

  /** One thread, one selector, a share of the connections. */
  private static final class Worker extends Thread {
    private final InetSocketAddress address;
    private final byte[] request;
    private final boolean head;
    private final int connections;
    private final AtomicBoolean stop;
    long[] latencies = new long[1 << 16];
    int count;
    long non2xx;
    long errors;

    Worker(InetSocketAddress address, byte[] request, boolean head, int connections, AtomicBoolean stop) {
      this.address = address;
      this.request = request;
      this.head = head;
      this.connections = connections;
      this.stop = stop;
    }

    @Override
    public void run() {
      try (Selector selector = Selector.open()) {
        for (int i = 0; i < connections; i++) {
          open(selector);
        }
        while (!stop.get()) {
          selector.select(100);
          var keys = selector.selectedKeys().iterator();
          while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Conn c = (Conn) key.attachment();
            try {
              if (key.isConnectable()) {
                c.channel.finishConnect();
                send(key, c);
              } else if (key.isWritable()) {
                flush(key, c);
              } else if (key.isReadable()) {
                receive(key, c, selector);
              }
            } catch (IOException e) {
              errors++;
              key.cancel();
              c.channel.close();
              if (!stop.get()) {
                open(selector);
              }
            }
          }
        }
        for (SelectionKey key : selector.keys()) {
          key.channel().close();
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }

    private void open(Selector selector) throws IOException {
      SocketChannel ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Conn c = new Conn(ch);
      if (ch.connect(address)) {
        SelectionKey key = ch.register(selector, 0, c);
        send(key, c);
      } else {
        ch.register(selector, SelectionKey.OP_CONNECT, c);
      }
    }

    private void send(SelectionKey key, Conn c) throws IOException {
      c.out.clear();
      c.out.put(request).flip();
      c.started = System.nanoTime();
      c.resetParse();
      flush(key, c);
    }

    private static void flush(SelectionKey key, Conn c) throws IOException {
      c.channel.write(c.out);
      key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void receive(SelectionKey key, Conn c, Selector selector) throws IOException {
      int n = c.channel.read(c.in);
      if (n < 0) {
        throw new IOException("connection closed by server");
      }
      c.in.flip();
      if (c.parse(head)) {
        record(System.nanoTime() - c.started, c.status);
        c.in.compact();
        if (c.closeAfter) {
          key.cancel();
          c.channel.close();
          if (!stop.get()) {
            open(selector);
          }
        } else if (!stop.get()) {
          send(key, c);
        }
      } else {
        c.in.compact();
      }
    }

    private void record(long nanos, int status) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
      if (status < 200 || status >= 400) {
        non2xx++;
      }
    }
  }

  /** One connection and its response parser: status line and headers, then Content-Length bytes of body. */
  private static final class Conn {
    final SocketChannel channel;
    final ByteBuffer out = ByteBuffer.allocate(8192);
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    final StringBuilder headerText = new StringBuilder();
    long started;
    int status;
    long bodyRemaining;
    boolean inBody;
    boolean closeAfter;

    Conn(SocketChannel channel) {
      this.channel = channel;
    }

    void resetParse() {
      headerText.setLength(0);
      inBody = false;
      bodyRemaining = 0;
      closeAfter = false;
      status = 0;
    }

    /** Consumes bytes from {@link #in} (flipped); true when a whole response has been read. */
    boolean parse(boolean head) throws IOException {
      if (!inBody) {
        while (in.hasRemaining()) {
          char ch = (char) (in.get() & 0xff);
          headerText.append(ch);
          int len = headerText.length();
          if (ch == '\n' && len >= 4 && headerText.charAt(len - 2) == '\r' && headerText.charAt(len - 3) == '\n'
              && headerText.charAt(len - 4) == '\r') {
            headersDone(head);
            break;
          }
        }
        if (!inBody) {
          return false;
        }
      }
      int take = (int) Math.min(bodyRemaining, in.remaining());
      in.position(in.position() + take);
      bodyRemaining -= take;
      return bodyRemaining == 0;
    }

    private void headersDone(boolean head) throws IOException {
      String[] lines = headerText.toString().split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x response: " + lines[0]);
      }
      status = Integer.parseInt(statusLine[1]);
      long length = 0;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding") && !head) {
          throw new IOException("chunked responses are not supported by this tool");
        } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
          closeAfter = true;
        }
      }
      inBody = true;
      bodyRemaining = head || status == 204 || status == 304 ? 0 : length;
    }
  }
}
