package dev.berth.scanner.advisory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/** SHA-256 (and the CRC-32 a stored zip entry needs) over streams and files, in one pass. */
final class Digests {
  private Digests() {}

  /** The digests and size of everything read from a stream. */
  record Hashed(String sha256, long size, long crc32) {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  static Hashed of(InputStream in) throws IOException {
    MessageDigest md = sha256();
    CRC32 crc = new CRC32();
    byte[] buf = new byte[1 << 16];
    long size = 0;
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      md.update(buf, 0, n);
      crc.update(buf, 0, n);
      size += n;
    }
    return new Hashed(hex(md.digest()), size, crc.getValue());
  }

  static Hashed of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    }
  }

  static String of(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  /** The fingerprint of a directory of JSON records: SHA-256 over its sorted {@code sha256  path} lines. */
  static String ofDirectory(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    MessageDigest md = sha256();
    for (Path f : files) {
      String rel = dir.relativize(f).toString().replace('\\', '/');
      md.update((of(f).sha256() + "  " + rel + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return hex(md.digest());
  }
}
