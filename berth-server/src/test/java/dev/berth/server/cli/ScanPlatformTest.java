package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth scan --platform} on a multi-platform image: a layout whose tag {@code multi} names an OCI image
 * index over an amd64 and an arm64/v8 image, each packed by umoci with its own dpkg status.
 */
class ScanPlatformTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;
  static Path layout;
  static UmociImage amd64;
  static UmociImage arm64;
  static String indexDigest;
  static Path tracker;

  @BeforeAll
  static void packImages() throws Exception {
    layout = work.resolve("layout");
    amd64 = UmociImage.create(layout, "amd64", "amd64", work).layer(rootfs -> debian(rootfs, "amd64"));
    arm64 = UmociImage.create(layout, "arm64", "arm64", work).layer(rootfs -> debian(rootfs, "arm64"));
    indexDigest = tagIndex("multi", List.of(amd64, arm64), List.of("amd64", "arm64"));
    tracker = Files.writeString(work.resolve("tracker.json"), """
        {"bash": {"CVE-2022-3715": {"releases": {"bookworm": {"status": "open", "urgency": "unimportant"}}}}}
        """);
  }

  @Test
  void scan_index_picksTheManifestOfTheRequestedPlatform() throws Exception {
    JsonNode report = scanJson("--platform", "linux/arm64");

    assertThat(report.path("manifest_hash").asText()).isEqualTo(arm64.manifestDigest());
    assertThat(report.path("packages").path("1").path("arch").asText()).isEqualTo("arm64");
    assertThat(report.path("vulnerabilities").size()).isEqualTo(1);
  }

  @Test
  void scan_index_withAVariant_picksTheManifestOfThatVariant() throws Exception {
    JsonNode report = scanJson("--platform", "linux/arm64/v8");

    assertThat(report.path("manifest_hash").asText()).isEqualTo(arm64.manifestDigest());
  }

  @Test
  void scan_index_withoutPlatform_picksLinuxAmd64() throws Exception {
    JsonNode report = scanJson();

    assertThat(report.path("manifest_hash").asText()).isEqualTo(amd64.manifestDigest());
    assertThat(report.path("packages").path("1").path("arch").asText()).isEqualTo("amd64");
  }

  @Test
  void scan_index_withAPlatformItLacks_isAOneLineErrorListingWhatItHas() {
    Berth.Run run = Berth.run("scan", layout + ":multi", "--advisories", tracker.toString(), "--platform",
        "linux/s390x");

    assertThat(run.exit()).as(run.describe()).isEqualTo(2);
    assertThat(run.err().lines().toList()).singleElement(InstanceOfAssertFactories.STRING).isEqualTo(
        "berth: index " + indexDigest + " has no linux/s390x manifest; it has [linux/amd64, linux/arm64/v8]");
  }

  @Test
  void scan_singleImageOfAnotherPlatformThanTheOneAskedFor_isScannedWithAWarning() {
    // Regression: --platform linux/arm64 on a single amd64 image scanned it without a word.
    Berth.Run run = Berth.run("scan", amd64.reference(), "--advisories", tracker.toString(), "--platform",
        "linux/arm64");

    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.out()).contains("CVE-2022-3715");
    assertThat(run.err().lines().toList()).as(run.describe()).singleElement(InstanceOfAssertFactories.STRING)
        .isEqualTo("berth: warning: --platform linux/arm64 does not match the image, which is for linux/amd64 "
            + "and was scanned as it is");
  }

  @Test
  void scan_singleImage_withoutPlatformOrWithItsOwn_hasNoWarning() {
    Berth.Run defaulted = Berth.run("scan", arm64.reference(), "--advisories", tracker.toString());
    Berth.Run own = Berth.run("scan", arm64.reference(), "--advisories", tracker.toString(), "--platform",
        "linux/arm64");

    assertThat(defaulted.err()).as(defaulted.describe()).isEmpty();
    assertThat(own.err()).as(own.describe()).isEmpty();
    assertThat(own.exit()).isZero();
  }

  @Test
  void scan_layoutOfSeveralManifestsWithoutTag_isAOneLineErrorNamingTheTags() {
    Berth.Run run = Berth.run("scan", layout.toString(), "--advisories", tracker.toString());

    assertThat(run.exit()).as(run.describe()).isEqualTo(2);
    assertThat(run.err().lines().toList()).singleElement(InstanceOfAssertFactories.STRING)
        .isEqualTo("berth: " + layout + " holds 3 manifests; name one of [amd64, arm64, multi]");
  }

  private static JsonNode scanJson(String... platform) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("scan", layout + ":multi", "--advisories",
        tracker.toString(), "--format", "json"));
    args.addAll(List.of(platform));
    Berth.Run run = Berth.run(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.describe()).isZero();
    return JSON.readTree(run.out());
  }

  private static void debian(Path rootfs, String arch) throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/os-release"), TestFeeds.DEBIAN_12_OS_RELEASE);
    Files.createDirectories(rootfs.resolve("var/lib/dpkg"));
    Files.writeString(rootfs.resolve("var/lib/dpkg/status"), """
        Package: bash
        Status: install ok installed
        Architecture: %s
        Version: 5.2.15-2+b2
        """.formatted(arch));
  }

  /** Writes an image index over the images' manifests and names it {@code tag} in {@code index.json}. */
  private static String tagIndex(String tag, List<UmociImage> images, List<String> architectures)
      throws IOException, NoSuchAlgorithmException {
    ObjectNode root = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
    ArrayNode manifests = index.putArray("manifests");
    for (int i = 0; i < images.size(); i++) {
      String digest = images.get(i).manifestDigest();
      ObjectNode m = manifests.addObject();
      m.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", digest)
          .put("size", Files.size(images.get(i).blob(digest)));
      ObjectNode platform = m.putObject("platform").put("architecture", architectures.get(i)).put("os", "linux");
      if (architectures.get(i).equals("arm64")) {
        platform.put("variant", "v8");
      }
    }
    byte[] bytes = JSON.writeValueAsBytes(index);
    String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Files.write(images.getFirst().blob(digest), bytes);
    ObjectNode entry = ((ArrayNode) root.path("manifests")).addObject();
    entry.put("mediaType", "application/vnd.oci.image.index.v1+json").put("digest", digest)
        .put("size", bytes.length);
    entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
    JSON.writeValue(layout.resolve("index.json").toFile(), root);
    return digest;
  }
}
