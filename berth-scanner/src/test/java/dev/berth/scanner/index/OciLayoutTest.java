package dev.berth.scanner.index;

import static dev.berth.scanner.index.TestLayers.dpkgStatus;
import static dev.berth.scanner.layer.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.scanner.layer.TarBuilder;
import dev.berth.scanner.os.OsFinders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
  @TempDir
  Path dir;

  private final ImageIndexer indexer = new ImageIndexer(OsFinders.all());

  private static byte[] layer(String... packages) {
    return tar().file("var/lib/dpkg/status", dpkgStatus(packages)).build(TarBuilder.Packing.GZIP);
  }

  @Test
  void image_picksTheManifestByTag() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode one = w.manifest(w.blob(LayoutWriter.LAYER_GZIP, layer("one=1")));
    ObjectNode two = w.manifest(w.blob(LayoutWriter.LAYER_GZIP, layer("two=2")));
    OciLayout layout = OciLayout.open(w.tag(one, "v1").tag(two, "v2").write());

    OciImage image = layout.image(Optional.of("v2"));

    assertThat(layout.tags()).containsExactly("v1", "v2");
    assertThat(image.manifestDigest()).isEqualTo(two.get("digest").asText());
    assertThat(indexer.index(image).packages()).extracting(p -> p.pkg().name()).containsExactly("two");
  }

  @Test
  void image_namesThePlatformItsConfigSays_whateverPlatformWasAskedFor() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode arm = w.manifest("{\"os\": \"linux\", \"architecture\": \"arm64\", \"variant\": \"v8\"}",
        w.blob(LayoutWriter.LAYER_GZIP, layer("one=1")));
    ObjectNode unsaid = w.manifest(w.blob(LayoutWriter.LAYER_GZIP, layer("two=2")));
    OciLayout layout = OciLayout.open(w.tag(arm, "arm").tag(unsaid, "unsaid").write());

    OciImage image = layout.image(Optional.of("arm"), Platform.LINUX_AMD64);

    assertThat(image.manifestDigest()).isEqualTo(arm.get("digest").asText());
    assertThat(image.platform()).contains(Platform.parse("linux/arm64/v8"));
    assertThat(Platform.LINUX_AMD64.accepts(image.platform().orElseThrow())).isFalse();
    assertThat(Platform.parse("linux/arm64").accepts(image.platform().orElseThrow())).isTrue();
    assertThat(layout.image(Optional.of("unsaid")).platform()).isEmpty();
  }

  @Test
  void image_withoutATagTakesTheOnlyManifestAndRefusesToGuessAmongMany() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode one = w.manifest(w.blob(LayoutWriter.LAYER_GZIP, layer("one=1")));
    OciLayout single = OciLayout.open(w.tag(one, null).write());
    assertThat(single.image(Optional.empty()).manifestDigest()).isEqualTo(one.get("digest").asText());

    OciLayout many = OciLayout.open(w.tag(one, "again").write());
    assertThatThrownBy(() -> many.image(Optional.empty())).isInstanceOf(IOException.class)
        .hasMessageContaining("holds 2 manifests");
    assertThatThrownBy(() -> many.image(Optional.of("nope"))).isInstanceOf(IOException.class)
        .hasMessageContaining("no manifest tagged 'nope'");
  }

  @Test
  void image_followsAnIndexToTheRequestedPlatform() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode amd64 = w.manifest(w.blob(LayoutWriter.LAYER_GZIP, layer("amd=1")));
    ObjectNode arm64 = w.manifest(w.blob(LayoutWriter.LAYER_GZIP, layer("arm=1")));
    ObjectNode index = w.index("linux/arm64/v8", arm64, "linux/amd64", amd64);
    OciLayout layout = OciLayout.open(w.tag(index, "multi").write());

    OciImage defaultPlatform = layout.image(Optional.of("multi"));
    OciImage arm = layout.image(Optional.of("multi"), Platform.parse("linux/arm64"));

    assertThat(defaultPlatform.manifestDigest()).isEqualTo(amd64.get("digest").asText());
    assertThat(arm.manifestDigest()).isEqualTo(arm64.get("digest").asText());
    assertThatThrownBy(() -> layout.image(Optional.of("multi"), Platform.parse("linux/s390x")))
        .isInstanceOf(IOException.class).hasMessageContaining("linux/arm64/v8").hasMessageContaining("linux/amd64");
  }

  @Test
  void index_failsWhenALayerBlobDoesNotMatchItsDigest() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode layerDescriptor = w.blob(LayoutWriter.LAYER_GZIP, layer("good=1"));
    ObjectNode manifest = w.manifest(layerDescriptor);
    OciLayout layout = OciLayout.open(w.tag(manifest, "t").write());
    String hex = layerDescriptor.get("digest").asText().substring("sha256:".length());
    byte[] tampered = layer("evil=1");
    Files.write(dir.resolve("blobs/sha256").resolve(hex), tampered);
    // keep the declared size right so that the digest check, not the size check, catches it
    layerDescriptor.put("size", tampered.length);
    OciLayout relisted = OciLayout.open(new LayoutWriter(dir).tag(w.manifest(layerDescriptor), "t").write());

    assertThatThrownBy(() -> indexer.index(relisted.image(Optional.of("t")))).isInstanceOf(IOException.class)
        .hasMessageContaining("digest mismatch");
    assertThat(layout.tags()).containsExactly("t");
  }

  @Test
  void index_failsWhenALayerBlobIsLongerThanDeclared() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode layerDescriptor = w.blob(LayoutWriter.LAYER_GZIP, layer("good=1"));
    layerDescriptor.put("size", 10);
    OciLayout layout = OciLayout.open(w.tag(w.manifest(layerDescriptor), "t").write());

    assertThatThrownBy(() -> indexer.index(layout.image(Optional.of("t")))).isInstanceOf(IOException.class)
        .hasMessageContaining("longer than its declared 10 bytes");
  }

  @Test
  void image_refusesDigestsThatCouldEscapeTheBlobDirectory() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode manifest = w.manifest(w.blob(LayoutWriter.LAYER_GZIP, layer("a=1")));
    manifest.put("digest", "sha256:../../../../etc/passwd");
    OciLayout layout = OciLayout.open(w.tag(manifest, "t").write());

    assertThatThrownBy(() -> layout.image(Optional.of("t"))).isInstanceOf(IOException.class)
        .hasMessageContaining("malformed digest");
  }

  @Test
  void image_refusesAnArtifactManifest() throws IOException {
    LayoutWriter w = new LayoutWriter(dir);
    ObjectNode manifest = w.manifest(w.blob("application/vnd.cncf.helm.chart.content.v1.tar+gzip", layer("a=1")),
        w.blob("application/vnd.example.sbom+json", "{}".getBytes()));
    OciLayout layout = OciLayout.open(w.tag(manifest, "t").write());

    assertThatThrownBy(() -> layout.image(Optional.of("t"))).isInstanceOf(IOException.class)
        .hasMessageContaining("not an image");
  }

  @Test
  void open_refusesADirectoryThatIsNotALayout() throws IOException {
    Files.writeString(dir.resolve("index.json"), "{\"manifests\":[]}");

    assertThatThrownBy(() -> OciLayout.open(dir)).isInstanceOf(IOException.class);
    assertThat(List.of(dir.toFile().list())).contains("index.json");
  }
}
