package dev.berth.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * An OCI image layout directory ({@code oci:DIR:TAG} for skopeo), written here without other tools: one image
 * whose layers are gzip-compressed tar archives of one random file each.
 */
final class OciImageDir {
  static final ObjectMapper JSON = new ObjectMapper();

  private OciImageDir() {}

  /** What was written: the manifest's digest and its layers' digests. */
  record Written(Digest manifest, List<Digest> layers, Digest config) {}

  static Written write(Path dir, String tag, long seed, int... layerSizes) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    SplittableRandom random = new SplittableRandom(seed);
    List<Digest> layers = new ArrayList<>();
    StringBuilder layerJson = new StringBuilder();
    StringBuilder diffIds = new StringBuilder();
    for (int i = 0; i < layerSizes.length; i++) {
      byte[] content = new byte[layerSizes[i]];
      random.nextBytes(content);
      byte[] tar = tar("file-" + i + ".bin", content);
      byte[] gz = gzip(tar);
      Digest d = blob(dir, gz);
      layers.add(d);
      layerJson.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",")
          .append("\"digest\":\"").append(d).append("\",\"size\":").append(gz.length).append('}');
      diffIds.append(i == 0 ? "" : ",").append('"').append(Digest.sha256(tar)).append('"');
    }
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[" + diffIds + "]}}").getBytes(StandardCharsets.UTF_8);
    Digest configDigest = blob(dir, config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + config.length + "},\"layers\":[" + layerJson + "]}").getBytes(StandardCharsets.UTF_8);
    Digest manifestDigest = blob(dir, manifest);
    Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
        + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
    return new Written(manifestDigest, layers, configDigest);
  }

  /** The manifest digest {@code index.json} names for {@code tag}. */
  static Digest manifestOf(Path dir, String tag) throws IOException {
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    for (JsonNode m : index.path("manifests")) {
      if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        return Digest.parse(m.path("digest").asText());
      }
    }
    throw new AssertionError("no manifest tagged " + tag + " in " + dir);
  }

  static byte[] readBlob(Path dir, Digest digest) throws IOException {
    return Files.readAllBytes(dir.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.encoded()));
  }

  private static Digest blob(Path dir, byte[] content) throws IOException {
    Digest d = Digest.sha256(content);
    Files.write(dir.resolve("blobs/sha256").resolve(d.encoded()), content);
    return d;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A POSIX ustar archive of one regular file. */
  private static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 1_700_000_000L));
    Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    int padded = (content.length + 511) / 512 * 512;
    byte[] tar = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, tar, 0, 512);
    System.arraycopy(content, 0, tar, 512, content.length);
    return tar;
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] b = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, b.length);
  }
}
