package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.255.1.2, true",
      "10.0.0.0/8, 11.0.0.1, false",
      "192.0.2.7, 192.0.2.7, true",
      "192.0.2.7, 192.0.2.8, false",
      "192.0.2.77/30, 192.0.2.76, true",
      "192.0.2.77/30, 192.0.2.80, false",
      "0.0.0.0/0, 203.0.113.9, true",
      "fd00::/8, fd12:3456::1, true",
      "fd00::/8, fe80::1, false",
      "'[::1]', ::1, true",
      "::/0, 10.0.0.1, false",
      "10.0.0.0/8, ::ffff:a00:1, true",
  })
  void contains_matchesTheLeadingPrefixBits_ofTheSameFamily(String range, String address, boolean expected)
      throws Exception {
    assertThat(IpRange.parse(range).contains(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "1.2.3.256", "1.2.3", "10.0.0.0/33", "::1/129", "10.0.0.0/x",
      "10.0.0.0/", "", "/8", "1.2.3.4 5", "g::1", "10.0.0.1/-1"})
  void parse_refusesWhatIsNotALiteralAddressOrRange_withoutLookingItUp(String text) {
    assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"192.0.2.77/24, 192.0.2.0/24", "10.1.2.3, 10.1.2.3/32", "fd00::1/8, fd00:0:0:0:0:0:0:0/8"})
  void parse_clearsTheBitsPastThePrefix(String text, String shown) {
    assertThat(IpRange.parse(text)).hasToString(shown);
  }
}
