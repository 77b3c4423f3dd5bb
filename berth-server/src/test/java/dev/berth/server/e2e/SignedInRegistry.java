package dev.berth.server.e2e;

import dev.berth.server.testing.TestRegistry;
import java.util.Map;

/**
 * A Berth over plain HTTP on port 0 in one {@link Authentication} mode, with skopeo, raw HTTP and podman set up to
 * reach it: with authentication on, the user {@value #USER} exists (created with {@code berth user create
 * --password-stdin}) and every client signs in as that user.
 */
final class SignedInRegistry implements AutoCloseable {
  static final String USER = "e2e";
  private static final String PASSWORD = "e2e-Passw0rd-for-tests";

  private final Authentication mode;
  private final TestRegistry registry;

  private SignedInRegistry(Authentication mode, TestRegistry registry) {
    this.mode = mode;
    this.registry = registry;
  }

  static SignedInRegistry start(Authentication mode) throws Exception {
    TestRegistry registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", mode.configValue));
    if (mode == Authentication.DATABASE) {
      BerthCli.Admin.dataDir(registry.dataDir()).runWithInput(PASSWORD, "user", "create", USER, "--password-stdin");
    }
    return new SignedInRegistry(mode, registry);
  }

  Authentication mode() {
    return mode;
  }

  TestRegistry registry() {
    return registry;
  }

  String hostPort() {
    return registry.hostPort();
  }

  /** skopeo over plain HTTP, with {@code --creds} when authentication is on. */
  Skopeo skopeo() {
    Skopeo skopeo = new Skopeo(registry.hostPort());
    return mode == Authentication.DATABASE ? skopeo.withCreds(USER, PASSWORD) : skopeo;
  }

  /** Raw HTTP that answers token challenges as {@value #USER} when authentication is on. */
  RegistryHttp http() {
    RegistryHttp http = new RegistryHttp(registry.base());
    return mode == Authentication.DATABASE ? http.withCredentials(USER, PASSWORD) : http;
  }

  /** Signs {@code podman} in ({@code podman login --password-stdin}) when authentication is on. */
  void signIn(Podman podman) {
    if (mode == Authentication.DATABASE) {
      ExternalCommand.Result login = podman.login(registry.hostPort(), USER, PASSWORD, "--tls-verify=false");
      if (login.exitCode() != 0) {
        throw new AssertionError("podman login failed: " + login.describe());
      }
    }
  }

  @Override
  public void close() throws Exception {
    registry.close();
  }
}
