package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How {@code berth init --hostname} reads the name clients use: a host, perhaps with a port, and nothing else. */
class RegistryHostTest {

  @Test
  void aBareHost_takesTheDefaultPort() {
    RegistryHost host = RegistryHost.parse("registry.example.test");

    assertThat(host).isEqualTo(new RegistryHost("registry.example.test", OptionalInt.empty()));
    assertThat(host.withPort(8443)).isEqualTo("registry.example.test:8443");
    assertThat(host.isAddress()).isFalse();
  }

  @Test
  void aHostWithAPort_keepsItsPort() {
    assertThat(RegistryHost.parse("127.0.0.1:18481").withPort(8080)).isEqualTo("127.0.0.1:18481");
    assertThat(RegistryHost.parse("localhost:5000").withPort(8080)).isEqualTo("localhost:5000");
  }

  @Test
  void ipv6_inBrackets_withAndWithoutAPort() {
    RegistryHost withPort = RegistryHost.parse("[::1]:5000");
    RegistryHost bare = RegistryHost.parse("[2001:db8::7]");

    assertThat(withPort.withPort(8080)).isEqualTo("[::1]:5000");
    assertThat(withPort.bareHost()).isEqualTo("::1");
    assertThat(withPort.isAddress()).isTrue();
    assertThat(bare.withPort(8080)).isEqualTo("[2001:db8::7]:8080");
    assertThat(bare.bareHost()).isEqualTo("2001:db8::7");
  }

  @Test
  void ipv4_isAnAddress_andAnOutOfRangeOneIsAName() {
    assertThat(RegistryHost.parse("10.0.0.7:5000").isAddress()).isTrue();
    assertThat(RegistryHost.parse("10.0.0.7").bareHost()).isEqualTo("10.0.0.7");
    assertThat(RegistryHost.parse("999.0.0.7").isAddress()).isFalse();
  }

  @Test
  void schemesPathsUnbracketedIpv6AndBadPorts_areRefusedWithTheReason() {
    assertRefused("http://registry.example.test", "without a scheme");
    assertRefused("registry.example.test/path", "without a path");
    assertRefused("::1", "in brackets");
    assertRefused("[::1]:5000:1", "between 1 and 65535");
    assertRefused("[::1]x", "only a :port");
    assertRefused("registry.example.test:", "between 1 and 65535");
    assertRefused("registry.example.test:65536", "between 1 and 65535");
    assertRefused("registry.example.test:123456", "between 1 and 65535");
    assertRefused("-registry.example.test", "not a host name");
    assertRefused("registry..example", "not a host name");
    assertRefused("user@registry.example.test", "not a host name");
    assertRefused("[registry.example.test]", "not a host name");
  }

  private static void assertRefused(String text, String reason) {
    assertThatThrownBy(() -> RegistryHost.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid --hostname '" + text + "'").hasMessageContaining(reason);
  }
}
