package dev.berth.server.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The registry as clients name it in image references, and so as {@code SERVER_HOSTNAME} names it: a host name,
 * an IPv4 address or an IPv6 address in brackets, with an optional port; no scheme, no path.
 *
 * @param host the host as written; an IPv6 address keeps its brackets ({@code [::1]})
 * @param port the port, when one is named
 */
record RegistryHost(String host, OptionalInt port) {
  // The domain grammar of image references (distribution/reference), which IPv4 addresses also match.
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)]");
  private static final String EXAMPLES = "like registry.example.com, registry.example.com:5000 or [::1]:5000";

  RegistryHost {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    String text = host + (port.isPresent() ? ":" + port.getAsInt() : "");
    if (!NAME.matcher(host).matches() && !isIpv6(host)) {
      throw invalid(text, "not a host name or IP address");
    }
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
      throw invalid(text, "the port must be between 1 and 65535");
    }
  }

  /**
   * Reads {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}.
   *
   * @throws IllegalArgumentException naming what is wrong: a scheme, a path, an IPv6 address without brackets,
   *     a bad port or host
   */
  static RegistryHost parse(String text) {
    if (text.contains("://")) {
      throw invalid(text, "give the host without a scheme");
    }
    if (text.contains("/")) {
      throw invalid(text, "give the host without a path");
    }
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid(text, "an IPv6 address needs its closing bracket");
      }
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw invalid(text, "only a :port may follow the IPv6 address");
      }
      return new RegistryHost(text.substring(0, close + 1),
          rest.isEmpty() ? OptionalInt.empty() : OptionalInt.of(port(text, rest.substring(1))));
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new RegistryHost(text, OptionalInt.empty());
    }
    if (text.indexOf(':', colon + 1) >= 0) {
      throw invalid(text, "put an IPv6 address in brackets, as in [::1]:5000");
    }
    return new RegistryHost(text.substring(0, colon), OptionalInt.of(port(text, text.substring(colon + 1))));
  }

  /** {@code host:port}, with {@code defaultPort} when no port is named. */
  String withPort(int defaultPort) {
    return host + ":" + port.orElse(defaultPort);
  }

  /** The host without brackets, as a certificate names it. */
  String bareHost() {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** Whether the host is an IP address rather than a name. */
  boolean isAddress() {
    return host.startsWith("[") || IPV4.matcher(host).matches()
        && java.util.Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
  }

  private static int port(String text, String digits) {
    if (!digits.matches("\\d{1,5}")) {
      throw invalid(text, "the port must be a number between 1 and 65535");
    }
    return Integer.parseInt(digits);
  }

  private static boolean isIpv6(String host) {
    var m = IPV6.matcher(host);
    if (!m.matches()) {
      return false;
    }
    try {
      InetAddress.getByName(m.group(1)); // a literal with a colon is parsed, never looked up
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid --hostname '" + text + "': " + why + "; the host as clients "
        + "write it in image names, " + EXAMPLES);
  }
}
