package dev.berth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Expect: 100-continue} is answered only after the authorisation check: a refused upload is refused
 * before its body is asked for, so a client never sends gigabytes to be turned away.
 */
class ExpectContinueTest {
  static TestRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database"));
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  @Test
  void refusedUpload_isAnsweredWithoutAskingForTheBody() throws Exception {
    String head = raw("POST /v2/acme/app/blobs/uploads/?digest=sha256:"
        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 HTTP/1.1\r\n"
        + "Host: " + registry.hostPort() + "\r\n"
        + "Content-Type: application/octet-stream\r\n"
        + "Content-Length: 1073741824\r\n"
        + "Expect: 100-continue\r\n\r\n");
    assertThat(head).startsWith("HTTP/1.1 401").doesNotContain("100 Continue");
    assertThat(head).containsIgnoringCase("WWW-Authenticate: Bearer realm=");
  }

  /** Sends the request head only, then reads what the server answers within a few seconds. */
  private static String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", registry.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          got.write(buffer, 0, n);
          if (got.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        // whatever arrived is the answer
      }
      return got.toString(StandardCharsets.US_ASCII);
    }
  }
}
