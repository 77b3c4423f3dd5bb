package dev.berth.scanner.index;

import dev.berth.scanner.layer.TarBuilder;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/** Layer sources for index tests, built in memory and named by their real sha256. */
final class TestLayers {
  private TestLayers() {}

  static LayerSource gzip(TarBuilder tar) {
    return of(tar.build(TarBuilder.Packing.GZIP), "application/vnd.oci.image.layer.v1.tar+gzip");
  }

  static LayerSource of(byte[] blob, String mediaType) {
    return LayerSource.of(sha256(blob), mediaType, () -> new ByteArrayInputStream(blob));
  }

  /** A source that counts how often it is opened. */
  static LayerSource counting(byte[] blob, AtomicInteger opens) {
    return LayerSource.of(sha256(blob), "application/vnd.oci.image.layer.v1.tar", () -> {
      opens.incrementAndGet();
      return new ByteArrayInputStream(blob);
    });
  }

  static String sha256(byte[] blob) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A dpkg status with one installed paragraph per {@code name=version} pair. */
  static String dpkgStatus(String... packages) {
    StringBuilder s = new StringBuilder();
    for (String p : packages) {
      String[] nv = p.split("=");
      s.append("Package: ").append(nv[0]).append("\nStatus: install ok installed\nArchitecture: amd64\n")
          .append("Version: ").append(nv[1]).append("\n\n");
    }
    return s.toString();
  }

  static final String DEBIAN_12 = """
      PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
      NAME="Debian GNU/Linux"
      VERSION_ID="12"
      VERSION="12 (bookworm)"
      VERSION_CODENAME=bookworm
      ID=debian
      """;
}
