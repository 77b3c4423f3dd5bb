package dev.berth.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address or a CIDR range of them ({@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}), such as the
 * load balancers listed in {@code TRUSTED_PROXIES}. Only literal addresses: a host name is refused rather than
 * looked up.
 *
 * @param network the range's first address (bits past the prefix are cleared)
 * @param prefixLength how many leading bits an address must share with {@code network} to be in the range
 */
public record IpRange(InetAddress network, int prefixLength) {
  public IpRange {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length must be between 0 and " + bits);
    }
    network = masked(network, prefixLength);
  }

  /**
   * Parses an address or a range.
   *
   * @throws IllegalArgumentException when {@code text} is neither a literal IPv4/IPv6 address nor one with a
   *     valid {@code /prefix}
   */
  public static IpRange parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    InetAddress address = literal(slash < 0 ? s : s.substring(0, slash))
        .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'"));
    int bits = address.getAddress().length * 8;
    if (slash < 0) {
      return new IpRange(address, bits);
    }
    String prefix = s.substring(slash + 1);
    if (!prefix.matches("[0-9]{1,3}")) {
      throw new IllegalArgumentException("not a CIDR prefix length: '" + text + "'");
    }
    return new IpRange(address, Integer.parseInt(prefix));
  }

  /**
   * The address {@code text} spells, if it is a literal IPv4 or IPv6 address (IPv6 possibly in brackets);
   * never a name lookup.
   */
  public static Optional<InetAddress> literal(String text) {
    String s = text.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    boolean v4 = s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
        && java.util.Arrays.stream(s.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
    boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]{2,45}");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // Checked above to be literal, so parsed, not resolved (an invalid IPv6 literal fails without a lookup).
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code address} lies in this range (an IPv4 address never lies in an IPv6 range, nor the reverse). */
  public boolean contains(InetAddress address) {
    return address.getAddress().length == network.getAddress().length
        && masked(address, prefixLength).equals(network);
  }

  private static InetAddress masked(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four or sixteen bytes are always an address", e);
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
