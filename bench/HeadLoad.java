import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HEAD load generator for bench/backends.sh (wrk cannot measure HEAD: it waits for the body that a
 * HEAD answer announces but does not send). One virtual thread per keep-alive connection, one request in flight
 * on each; latency from the request's first byte written to the blank line that ends the response's headers.
 *
 * <pre>java bench/HeadLoad.java URL CONNECTIONS SECONDS WARMUP_SECONDS</pre>
 *
 * Prints one line: {@code requests=N seconds=S req_per_s=R p50_ms=A p99_ms=B errors=E}. Percentiles by nearest
 * rank. Any answer other than 200 counts as an error and makes the exit status 1.
 */
public class HeadLoad {
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: java HeadLoad.java URL CONNECTIONS SECONDS WARMUP_SECONDS");
      System.exit(2);
    }
    URI url = URI.create(args[0]);
    int connections = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[2]);
    double warmup = Double.parseDouble(args[3]);
    if (warmup > 0) {
      run(url, connections, warmup);
    }
    Result r = run(url, connections, seconds);
    long[] all = r.latencies();
    Arrays.sort(all);
    System.out.printf("requests=%d seconds=%.2f req_per_s=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d%n", all.length,
        r.seconds(), all.length / r.seconds(), percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6,
        r.errors());
    System.exit(r.errors() == 0 ? 0 : 1);
  }

  record Result(long[] latencies, double seconds, long errors) {}

  static Result run(URI url, int connections, double seconds) throws Exception {
    String host = url.getHost();
    int port = url.getPort() < 0 ? 80 : url.getPort();
    byte[] request = ("HEAD " + url.getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nUser-Agent: berth-headload\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    AtomicLong errors = new AtomicLong();
    List<long[]> perConnection = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    for (int c = 0; c < connections; c++) {
      long[][] buffer = {new long[4096]};
      int[] n = {0};
      counts.add(n);
      Thread t = Thread.ofVirtual().unstarted(() -> {
        try (Socket s = new Socket()) {
          s.setTcpNoDelay(true);
          s.connect(new InetSocketAddress(host, port), 10_000);
          s.setSoTimeout(30_000);
          OutputStream out = s.getOutputStream();
          InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            out.write(request);
            out.flush();
            if (!readHeaders(in)) {
              errors.incrementAndGet();
            }
            long t1 = System.nanoTime();
            if (n[0] == buffer[0].length) {
              buffer[0] = Arrays.copyOf(buffer[0], buffer[0].length * 2);
            }
            buffer[0][n[0]++] = t1 - t0;
          }
        } catch (IOException e) {
          errors.incrementAndGet();
        }
        synchronized (perConnection) {
          perConnection.add(Arrays.copyOf(buffer[0], n[0]));
        }
      });
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = perConnection.stream().flatMapToLong(Arrays::stream).toArray();
    return new Result(all, elapsed, errors.get());
  }

  /** Reads one response's headers; true if its status was 200. A HEAD answer has no body to read. */
  static boolean readHeaders(InputStream in) throws IOException {
    StringBuilder status = new StringBuilder();
    boolean statusDone = false;
    int matched = 0; // of "\r\n\r\n"
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (!statusDone) {
        if (b == '\r') {
          statusDone = true;
        } else {
          status.append((char) b);
        }
      }
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return status.toString().startsWith("HTTP/1.1 200");
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
