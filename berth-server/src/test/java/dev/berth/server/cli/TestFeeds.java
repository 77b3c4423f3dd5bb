package dev.berth.server.cli;

/** Small files the scan tests put in images and advisory feeds. */
final class TestFeeds {
  private TestFeeds() {}

  /** {@code etc/os-release} of a Debian 12 image, as the debian:12 image ships it. */
  static final String DEBIAN_12_OS_RELEASE = """
      PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
      NAME="Debian GNU/Linux"
      VERSION_ID="12"
      VERSION="12 (bookworm)"
      VERSION_CODENAME=bookworm
      ID=debian
      HOME_URL="https://www.debian.org/"
      SUPPORT_URL="https://www.debian.org/support"
      BUG_REPORT_URL="https://bugs.debian.org/"
      """;
}
