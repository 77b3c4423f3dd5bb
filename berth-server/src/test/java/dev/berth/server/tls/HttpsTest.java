package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.server.config.ConfigException;
import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.Cli;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with a certificate from {@code berth cert} lying in the configuration directory (the data directory when
 * there is no file), trusted through its CA: HTTP/2 for clients that ask, and the plain HTTP port redirecting,
 * serving or closed as {@code HTTP_MODE} says.
 */
class HttpsTest {
  static Path certs;
  static SSLContext trustingTheCa;

  @BeforeAll
  static void makeCertificate() throws Exception {
    certs = Files.createTempDirectory("berth-certs-");
    Cli.Result r = Cli.run("cert", "--hostname", "localhost", "--ip", "127.0.0.1", "--out", certs.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(certs.resolve("ca.crt"))) {
      trust.setCertificateEntry("berth-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trustingTheCa = SSLContext.getInstance("TLS");
    trustingTheCa.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void deleteCertificate() throws Exception {
    TestRegistry.deleteTree(certs);
  }

  /** A registry whose data directory holds ssl.cert and ssl.key (Quay's convention), with {@code extra} keys. */
  static TestRegistry startWithCertificateBeside(Map<String, Object> extra) throws Exception {
    Path data = Files.createTempDirectory("berth-tls-");
    Files.copy(certs.resolve("ssl.cert"), data.resolve("ssl.cert"));
    Files.copy(certs.resolve("ssl.key"), data.resolve("ssl.key"));
    Map<String, Object> config = new HashMap<>(Map.of("AUTHENTICATION_TYPE", "Database", "HTTPS_PORT", 0,
        "LOGIN_FAILURE_LIMIT", 1000));
    config.putAll(extra);
    return TestRegistry.startIn(data, config);
  }

  static void close(TestRegistry registry) throws Exception {
    Path data = registry.dataDir();
    registry.close();
    TestRegistry.deleteTree(data);
  }

  static HttpClient https(HttpClient.Version version) {
    return HttpClient.newBuilder().sslContext(trustingTheCa).version(version)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
  }

  static URI httpsBase(TestRegistry registry, String host) {
    return URI.create("https://" + host + ":" + registry.httpsPort());
  }

  @Test
  void https_isServedWithHttp2_toClientsThatTrustTheCa_andChallengesWithAnHttpsRealm() throws Exception {
    TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", "redirect"));
    try {
      assertThat(registry.httpsPort()).isPositive();
      URI base = httpsBase(registry, "127.0.0.1");

      HttpResponse<String> h2 = https(HttpClient.Version.HTTP_2).send(
          HttpRequest.newBuilder(base.resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(h2.statusCode()).isEqualTo(401);
      assertThat(h2.headers().firstValue("WWW-Authenticate")).contains(
          "Bearer realm=\"" + base + "/v2/auth\",service=\"127.0.0.1:" + registry.httpsPort() + "\"");

      HttpResponse<String> h1 = https(HttpClient.Version.HTTP_1_1).send(
          HttpRequest.newBuilder(httpsBase(registry, "localhost").resolve("/v2/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(h1.statusCode()).isEqualTo(401);
    } finally {
      close(registry);
    }
  }

  @Test
  void clientsThatDoNotTrustTheCa_failTheHandshake() throws Exception {
    TestRegistry registry = startWithCertificateBeside(Map.of());
    try {
      HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(
              httpsBase(registry, "127.0.0.1").resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
    } finally {
      close(registry);
    }
  }

  @Test
  void pushAndPull_overHttp2_withTokensFromTheHttpsRealm() throws Exception {
    TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", "off"));
    try (Accounts accounts = Accounts.of(registry)) {
      accounts.user("alice");
      RegistryClient client = new RegistryClient(httpsBase(registry, "127.0.0.1"),
          https(HttpClient.Version.HTTP_2));
      String token = client.token("alice", Accounts.password("alice"), "repository:alice/app:pull,push");

      RegistryClient.Pushed pushed = client.push("alice/app", "v1", token);

      HttpResponse<String> pulled = client.get("/v2/alice/app/manifests/" + pushed.manifestDigest(), token);
      assertThat(pulled.statusCode()).isEqualTo(200);
      assertThat(pulled.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(RegistryClient.digest(pulled.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .isEqualTo(pushed.manifestDigest());
    } finally {
      close(registry);
    }
  }

  @Test
  void tokenIssuedOverHttp11_isForTheSameServiceAsOverHttp2() throws Exception {
    // Regression: HTTP/2 requests carry :authority, not Host, and were answered with realm "https:///v2/auth",
    // service "" and tokens for audience "", which HTTP/1.1 requests then refused (and the other way round).
    TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", "off"));
    try (Accounts accounts = Accounts.of(registry)) {
      accounts.user("bob");
      URI base = httpsBase(registry, "127.0.0.1");
      RegistryClient h1 = new RegistryClient(base, https(HttpClient.Version.HTTP_1_1));
      RegistryClient h2 = new RegistryClient(base, https(HttpClient.Version.HTTP_2));
      String fromH1 = h1.token("bob", Accounts.password("bob"), "repository:bob/app:pull,push");
      String fromH2 = h2.token("bob", Accounts.password("bob"), "repository:bob/app:pull,push");

      assertThat(RegistryClient.claims(fromH2).getAudience()).containsExactly("127.0.0.1:" + registry.httpsPort())
          .isEqualTo(RegistryClient.claims(fromH1).getAudience());
      HttpResponse<String> r = h2.request("GET", "/v2/", fromH1);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(h1.request("GET", "/v2/", fromH2).statusCode()).isEqualTo(200);
    } finally {
      close(registry);
    }
  }

  @Test
  void plainHttp_inRedirectMode_answers308ToTheSamePathOverHttps() throws Exception {
    TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", "redirect"));
    try {
      HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      for (String method : new String[] {"GET", "PUT", "POST"}) {
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(registry.base().resolve(
                "/v2/alice/app/manifests/v1?x=1")).method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method).isEqualTo(308);
        assertThat(r.headers().firstValue("Location")).contains(
            "https://127.0.0.1:" + registry.httpsPort() + "/v2/alice/app/manifests/v1?x=1");
      }
      HttpClient following = HttpClient.newBuilder().sslContext(trustingTheCa)
          .followRedirects(HttpClient.Redirect.NORMAL).build();
      HttpResponse<String> followed = following.send(HttpRequest.newBuilder(registry.base().resolve("/v2/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(followed.uri().getScheme()).isEqualTo("https");
      assertThat(followed.statusCode()).isEqualTo(401);
    } finally {
      close(registry);
    }
  }

  @Test
  void plainHttp_inRedirectMode_redirectsToServerHostname_whenConfigured_notToTheRequestsHost() throws Exception {
    TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", "redirect",
        "SERVER_HOSTNAME", "registry.example.test", "PREFERRED_URL_SCHEME", "https"));
    try {
      HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<String> r = plain.send(HttpRequest.newBuilder(registry.base().resolve("/v2/a/b/tags/list?n=1"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(308);
      assertThat(r.headers().firstValue("Location")).contains("https://registry.example.test/v2/a/b/tags/list?n=1");
    } finally {
      close(registry);
    }
  }

  @Test
  void httpsResponses_carryStrictTransportSecurity_unlessPlainHttpServesToo() throws Exception {
    for (String mode : new String[] {"redirect", "off", "serve"}) {
      TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", mode));
      try {
        HttpResponse<String> r = https(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(
            httpsBase(registry, "127.0.0.1").resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        if (mode.equals("serve")) {
          assertThat(r.headers().firstValue("Strict-Transport-Security")).as(mode).isEmpty();
        } else {
          assertThat(r.headers().firstValue("Strict-Transport-Security")).as(mode).contains("max-age=31536000");
        }
      } finally {
        close(registry);
      }
    }
  }

  @Test
  void plainHttp_inServeMode_servesTheSameRoutes() throws Exception {
    TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", "serve"));
    try {
      HttpResponse<String> plain = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(registry.base().resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(plain.statusCode()).isEqualTo(401);
      assertThat(plain.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h ->
          assertThat(h).startsWith("Bearer realm=\"" + registry.base() + "/v2/auth\""));
      assertThat(https(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(
          httpsBase(registry, "127.0.0.1").resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(401);
    } finally {
      close(registry);
    }
  }

  @Test
  void plainHttp_inOffMode_isClosed() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    TestRegistry registry = startWithCertificateBeside(Map.of("HTTP_MODE", "off", "HTTP_PORT", port));
    try {
      assertThat(registry.port()).isEqualTo(-1);
      assertThat(registry.httpsPort()).isPositive();
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    } finally {
      close(registry);
    }
  }

  @Test
  void certificateNamedExplicitly_isServedFromWhereverItLies() throws Exception {
    Path data = Files.createTempDirectory("berth-tls-named-");
    TestRegistry registry = TestRegistry.startIn(data, Map.of("HTTPS_PORT", 0,
        "SSL_CERT_FILE", certs.resolve("ssl.cert").toString(), "SSL_KEY_FILE", certs.resolve("ssl.key").toString()));
    try {
      HttpResponse<String> r = https(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(
          httpsBase(registry, "localhost").resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("no authentication configured").isEqualTo(200);
    } finally {
      close(registry);
    }
  }

  @Test
  void aCertificateWithoutItsKey_orAnUnknownMode_isAConfigurationError() throws Exception {
    Path data = Files.createTempDirectory("berth-tls-half-");
    try {
      Files.copy(certs.resolve("ssl.cert"), data.resolve("ssl.cert"));
      assertThatThrownBy(() -> TestRegistry.startIn(data, Map.of("HTTPS_PORT", 0)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("SSL_KEY_FILE");
      Files.copy(certs.resolve("ssl.key"), data.resolve("ssl.key"));
      assertThatThrownBy(() -> TestRegistry.startIn(data, Map.of("HTTPS_PORT", 0, "HTTP_MODE", "sometimes")))
          .isInstanceOf(ConfigException.class).hasMessageContaining("HTTP_MODE");
      Files.writeString(data.resolve("ssl.key"), "not a key\n");
      assertThatThrownBy(() -> TestRegistry.startIn(data, Map.of("HTTPS_PORT", 0)))
          .isInstanceOf(IOException.class).hasMessageContaining("ssl.key");
    } finally {
      TestRegistry.deleteTree(data);
    }
  }
}
