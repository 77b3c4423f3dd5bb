package dev.berth.oci;

import static dev.berth.oci.ManifestFixtures.bytes;
import static dev.berth.oci.ManifestFixtures.text;
import static dev.berth.oci.OciAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestParserTest {
  private static final String EMPTY_CONFIG_DIGEST =
      "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  private final ManifestParser parser = new ManifestParser();

  @Test
  void fixtures_areTheExactBytesTheirDigestsName() {
    assertThat(Digest.sha256(bytes(ManifestFixtures.OCI_MANIFEST)).value())
        .isEqualTo(ManifestFixtures.OCI_MANIFEST_DIGEST);
    assertThat(Digest.sha256(bytes(ManifestFixtures.OCI_INDEX)).value()).isEqualTo(ManifestFixtures.OCI_INDEX_DIGEST);
    assertThat(Digest.sha256(bytes(ManifestFixtures.DOCKER_MANIFEST)).value())
        .isEqualTo(ManifestFixtures.DOCKER_MANIFEST_DIGEST);
    assertThat(Digest.sha256(bytes(ManifestFixtures.DOCKER_MANIFEST_LIST)).value())
        .isEqualTo(ManifestFixtures.DOCKER_MANIFEST_LIST_DIGEST);
  }

  @Test
  void parse_ociManifestFromUmoci_isAnImageManifest() {
    Manifest m = parser.parse(bytes(ManifestFixtures.OCI_MANIFEST), MediaTypes.OCI_MANIFEST);

    ImageManifest image = (ImageManifest) m;
    assertThat(image.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(image.config())
        .isEqualTo(
            Descriptor.of(
                MediaTypes.OCI_CONFIG,
                Digest.parse("sha256:07444e5044cfd0fdcac5736ae22d5e09fe9c9c55f99f23638675e6a7fa95b7bf"),
                401));
    assertThat(image.layers())
        .containsExactly(
            Descriptor.of(
                MediaTypes.OCI_LAYER_GZIP,
                Digest.parse("sha256:6a32763c830a78d80c8d2d14bee861ae63f8de3a1b956f4ac147385c1fe986de"),
                101));
    assertThat(image.subject()).isEmpty();
    assertThat(image.artifactType()).isEmpty();
    assertThat(image.annotations()).isEmpty();
  }

  @Test
  void parse_ociIndexFromBuildah_isAnIndexWithPlatforms() {
    ImageIndex index = (ImageIndex) parser.parse(bytes(ManifestFixtures.OCI_INDEX), MediaTypes.OCI_INDEX);

    assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(index.manifests()).hasSize(2);
    Descriptor arm = index.manifests().get(0);
    assertThat(arm.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(arm.digest().value()).isEqualTo(ManifestFixtures.OCI_MANIFEST_DIGEST);
    assertThat(arm.size()).isEqualTo(bytes(ManifestFixtures.OCI_MANIFEST).length);
    assertThat(arm.platform()).contains(new Platform("linux", "arm64", "v8"));
    assertThat(index.manifests().get(1).platform()).contains(new Platform("linux", "amd64", ""));
    assertThat(index.subject()).isEmpty();
  }

  @Test
  void parse_dockerSchema2Manifest_isAnImageManifest() {
    ImageManifest image =
        (ImageManifest) parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST), MediaTypes.DOCKER_MANIFEST);

    assertThat(image.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(image.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(image.layers()).extracting(Descriptor::mediaType).containsExactly(MediaTypes.DOCKER_LAYER_GZIP);
  }

  @Test
  void parse_dockerManifestList_isAnIndexOfSchema2Manifests() {
    ImageIndex list =
        (ImageIndex) parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST_LIST), MediaTypes.DOCKER_MANIFEST_LIST);

    assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(list.manifests()).extracting(Descriptor::mediaType).containsOnly(MediaTypes.DOCKER_MANIFEST);
    assertThat(list.manifests().get(0).digest().value()).isEqualTo(ManifestFixtures.DOCKER_MANIFEST_DIGEST);
    assertThat(list.manifests()).extracting(d -> d.platform().orElseThrow().architecture())
        .containsExactly("arm64", "amd64");
  }

  @Test
  void parse_foreignLayer_keepsItsUrls() {
    ImageManifest image =
        (ImageManifest) parser.parse(bytes(ManifestFixtures.DOCKER_FOREIGN_LAYER), MediaTypes.DOCKER_MANIFEST);

    Descriptor foreign = image.layers().get(0);
    assertThat(MediaTypes.isNonDistributable(foreign.mediaType())).isTrue();
    assertThat(foreign.size()).isEqualTo(1_718_332_879L);
    assertThat(foreign.urls()).singleElement().asString().startsWith("https://mcr.microsoft.com/");
    assertThat(MediaTypes.isNonDistributable(image.layers().get(1).mediaType())).isFalse();
  }

  @Test
  void parse_nestedIndex_keepsTheChildIndexDescriptor() {
    ImageIndex index = (ImageIndex) parser.parse(bytes(ManifestFixtures.OCI_INDEX_NESTED), MediaTypes.OCI_INDEX);

    assertThat(index.manifests()).extracting(Descriptor::mediaType)
        .containsExactly(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST);
    assertThat(index.manifests().get(0).digest().value()).isEqualTo(ManifestFixtures.OCI_INDEX_DIGEST);
    assertThat(index.manifests().get(0).annotations()).containsEntry("org.opencontainers.image.ref.name", "multi");
  }

  // Artifacts (image-spec 1.1, "Guidelines for Artifact Usage") and referrers' artifactType.

  @Test
  void parse_artifactWithEmptyConfigAndSubject_keepsArtifactTypeAndSubject() {
    ImageManifest artifact =
        (ImageManifest) parser.parse(bytes(ManifestFixtures.OCI_ARTIFACT_SBOM), MediaTypes.OCI_MANIFEST);

    assertThat(artifact.artifactType()).contains("application/spdx+json");
    assertThat(artifact.config()).isEqualTo(Descriptor.of(MediaTypes.OCI_EMPTY, Digest.parse(EMPTY_CONFIG_DIGEST), 2));
    assertThat(artifact.config().digest()).isEqualTo(Digest.sha256("{}"));
    assertThat(artifact.subject().orElseThrow())
        .isEqualTo(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(ManifestFixtures.OCI_MANIFEST_DIGEST), 345));
    assertThat(artifact.layers().get(0).annotations())
        .containsEntry("org.opencontainers.image.title", "sbom.spdx.json");
    assertThat(artifact.annotations()).containsKey("org.opencontainers.image.created");
  }

  @Test
  void effectiveArtifactType_ofManifestWithArtifactType_isItsArtifactType() {
    Manifest m = parser.parse(bytes(ManifestFixtures.OCI_ARTIFACT_SBOM), MediaTypes.OCI_MANIFEST);

    assertThat(m.effectiveArtifactType()).contains("application/spdx+json");
  }

  @Test
  void effectiveArtifactType_ofManifestWithoutArtifactType_isTheConfigMediaType() {
    assertThat(parser.parse(bytes(ManifestFixtures.OCI_HELM_CHART), MediaTypes.OCI_MANIFEST).effectiveArtifactType())
        .contains("application/vnd.cncf.helm.config.v1+json");
    assertThat(parser.parse(bytes(ManifestFixtures.OCI_MANIFEST), MediaTypes.OCI_MANIFEST).effectiveArtifactType())
        .contains(MediaTypes.OCI_CONFIG);
    assertThat(
            parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST), MediaTypes.DOCKER_MANIFEST).effectiveArtifactType())
        .contains(MediaTypes.DOCKER_CONFIG);
  }

  @Test
  void effectiveArtifactType_ofEmptyConfigWithoutArtifactType_isTheEmptyMediaType() {
    String body = text(ManifestFixtures.OCI_ARTIFACT_SBOM).replace("\"artifactType\": \"application/spdx+json\",", "");

    Manifest m = parser.parse(utf8(body), MediaTypes.OCI_MANIFEST);

    assertThat(m.artifactType()).isEmpty();
    assertThat(m.effectiveArtifactType()).contains(MediaTypes.OCI_EMPTY);
  }

  @Test
  void effectiveArtifactType_ofIndexWithArtifactType_isItsArtifactType() {
    ImageIndex index = (ImageIndex) parser.parse(bytes(ManifestFixtures.OCI_INDEX_ARTIFACT), MediaTypes.OCI_INDEX);

    assertThat(index.effectiveArtifactType()).contains("application/vnd.example.bundle.v1");
    assertThat(index.subject().orElseThrow().digest().value()).isEqualTo(ManifestFixtures.OCI_INDEX_DIGEST);
    assertThat(index.manifests().get(0).artifactType()).contains("application/spdx+json");
    assertThat(index.manifests().get(0).digest()).isEqualTo(Digest.sha256(bytes(ManifestFixtures.OCI_ARTIFACT_SBOM)));
  }

  @Test
  void effectiveArtifactType_ofIndexWithoutArtifactType_isEmpty() {
    assertThat(parser.parse(bytes(ManifestFixtures.OCI_INDEX), MediaTypes.OCI_INDEX).effectiveArtifactType())
        .isEmpty();
  }

  @Test
  void parse_subjectNull_isNoSubject() {
    String body =
        text(ManifestFixtures.OCI_MANIFEST).replace("{\"schemaVersion\":2,", "{\"schemaVersion\":2,\"subject\":null,");

    assertThat(body).contains("\"subject\":null");
    assertThat(parser.parse(utf8(body), MediaTypes.OCI_MANIFEST).subject()).isEmpty();
  }

  @Test
  void parse_subjectThatIsNotADescriptor_isManifestInvalid() {
    String body =
        text(ManifestFixtures.OCI_ARTIFACT_SBOM).replace("\"subject\": {", "\"subject\": {\"x\": 1}, \"y\": {");

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_MANIFEST));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a media type", "application/", "/json", "application/spdx+json; charset=utf-8", ""})
  void parse_artifactTypeThatIsNotAMediaType_isManifestInvalid(String artifactType) {
    String body = text(ManifestFixtures.OCI_ARTIFACT_SBOM).replace("\"application/spdx+json\",\n  \"config\"",
        "\"" + artifactType + "\",\n  \"config\"");

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_MANIFEST));
  }

  // Deciding the media type: Content-Type first, the body's mediaType must agree.

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/vnd.oci.image.manifest.v1+json; charset=utf-8",
        "APPLICATION/VND.OCI.IMAGE.MANIFEST.V1+JSON",
        "Application/Vnd.Oci.Image.Manifest.V1+Json ; q=0.9",
        " application/vnd.oci.image.manifest.v1+json ",
      })
  void parse_contentTypeWithParametersOrOtherCase_isTheCanonicalType(String contentType) {
    Manifest m = parser.parse(bytes(ManifestFixtures.OCI_ARTIFACT_SBOM), contentType);

    assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void parse_mediaTypeMemberDisagreeingWithContentType_isManifestInvalid() {
    assertRejected(
        ErrorCode.MANIFEST_INVALID,
        () -> parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST), MediaTypes.OCI_MANIFEST));
    assertRejected(
        ErrorCode.MANIFEST_INVALID,
        () -> parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST_LIST), MediaTypes.OCI_INDEX));
    assertRejected(
        ErrorCode.MANIFEST_INVALID,
        () -> parser.parse(bytes(ManifestFixtures.OCI_ARTIFACT_SBOM), MediaTypes.DOCKER_MANIFEST));
  }

  @Test
  void parse_indexPushedAsManifest_isManifestInvalid() {
    assertRejected(
        ErrorCode.MANIFEST_INVALID, () -> parser.parse(bytes(ManifestFixtures.OCI_INDEX), MediaTypes.OCI_MANIFEST));
    assertRejected(
        ErrorCode.MANIFEST_INVALID,
        () -> parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST_LIST), MediaTypes.DOCKER_MANIFEST));
  }

  // GHSA-qq97-vm5h-rrhg: without a mediaType member only the members tell the kinds apart.
  @Test
  void parse_indexWithoutMediaTypePushedAsManifest_isManifestInvalid() {
    String body = text(ManifestFixtures.OCI_INDEX).replace("\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",", "");

    assertThat(body).doesNotContain(MediaTypes.OCI_INDEX);
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_MANIFEST));
  }

  @Test
  void parse_manifestPushedAsIndex_isManifestInvalid() {
    assertRejected(
        ErrorCode.MANIFEST_INVALID, () -> parser.parse(bytes(ManifestFixtures.OCI_MANIFEST), MediaTypes.OCI_INDEX));
    assertRejected(
        ErrorCode.MANIFEST_INVALID,
        () -> parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST), MediaTypes.DOCKER_MANIFEST_LIST));
  }

  @Test
  void parse_indexWithConfig_isManifestInvalid() {
    String body = text(ManifestFixtures.OCI_INDEX).replace("\"manifests\":",
        "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + EMPTY_CONFIG_DIGEST
            + "\",\"size\":2},\"manifests\":");

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_INDEX));
  }

  @Test
  void parse_indexWithLayers_isManifestInvalid() {
    String body = text(ManifestFixtures.OCI_INDEX).replace("\"manifests\":", "\"layers\":[],\"manifests\":");

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_INDEX));
  }

  @Test
  void parse_manifestWithManifests_isManifestInvalid() {
    String body = text(ManifestFixtures.OCI_MANIFEST).replace("\"layers\":", "\"manifests\":[],\"layers\":");

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_MANIFEST));
  }

  @ParameterizedTest
  @ValueSource(strings = {MediaTypes.DOCKER_SCHEMA1_SIGNED, MediaTypes.DOCKER_SCHEMA1, MediaTypes.OCI_MANIFEST, ""})
  void parse_schema1_isManifestInvalid(String contentType) {
    RegistryException e =
        assertRejected(
            ErrorCode.MANIFEST_INVALID, () -> parser.parse(bytes(ManifestFixtures.DOCKER_SCHEMA1_SIGNED), contentType));

    assertThat(e.detail().get("reason").toString()).contains("schema 1");
  }

  @Test
  void parse_schema2BodyWithSchema1ContentType_isManifestInvalid() {
    assertRejected(
        ErrorCode.MANIFEST_INVALID,
        () -> parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST), MediaTypes.DOCKER_SCHEMA1_SIGNED));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8"})
  void parse_withoutSpecificContentType_usesTheMediaTypeMember(String contentType) {
    assertThat(parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST), contentType).mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(parser.parse(bytes(ManifestFixtures.OCI_INDEX), contentType)).isInstanceOf(ImageIndex.class);
    assertThat(parser.parse(bytes(ManifestFixtures.DOCKER_MANIFEST_LIST), contentType).mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"application/json"})
  void parse_withoutContentTypeOrMediaTypeMember_isManifestInvalid(String contentType) {
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(bytes(ManifestFixtures.OCI_MANIFEST), contentType));
  }

  @Test
  void parse_withoutContentTypeAndAnUnknownMediaTypeMember_isManifestInvalid() {
    String body = text(ManifestFixtures.OCI_ARTIFACT_SBOM).replace(MediaTypes.OCI_MANIFEST + "\",\n  \"artifactType",
        "application/vnd.oci.artifact.manifest.v1+json\",\n  \"artifactType");

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/octet-stream",
        "text/plain",
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.oci.artifact.manifest.v1+json", // the withdrawn artifact manifest of 1.1 RCs
        "application/vnd.oci.image.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+jsonx",
        "*/*",
      })
  void parse_unsupportedContentType_isManifestInvalid(String contentType) {
    assertRejected(
        ErrorCode.MANIFEST_INVALID, () -> parser.parse(bytes(ManifestFixtures.OCI_ARTIFACT_SBOM), contentType));
  }

  // Required members.

  @Test
  void parse_manifestWithoutConfig_isManifestInvalid() {
    String body = "{\"schemaVersion\":2,\"layers\":[]}";

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_MANIFEST));
  }

  @Test
  void parse_manifestWithoutLayers_isManifestInvalid() {
    String body = text(ManifestFixtures.OCI_MANIFEST).replaceAll(",\"layers\":\\[.*\\]", "");

    assertThat(body).doesNotContain("layers");
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_MANIFEST));
  }

  @Test
  void parse_manifestWithEmptyLayers_isValid() {
    String body =
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
            + EMPTY_CONFIG_DIGEST + "\",\"size\":2},\"layers\":[]}";

    assertThat(((ImageManifest) parser.parse(utf8(body), MediaTypes.OCI_MANIFEST)).layers()).isEmpty();
  }

  @Test
  void parse_indexWithoutManifests_isManifestInvalid() {
    assertRejected(
        ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8("{\"schemaVersion\":2}"), MediaTypes.OCI_INDEX));
  }

  @Test
  void parse_indexWithEmptyManifests_isValid() {
    ImageIndex index =
        (ImageIndex) parser.parse(utf8("{\"schemaVersion\":2,\"manifests\":[]}"), MediaTypes.OCI_INDEX);

    assertThat(index.manifests()).isEmpty();
    assertThat(index.annotations()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mediaType", "digest", "size"})
  void parse_descriptorMissingARequiredMember_isManifestInvalid(String member) {
    String body = text(ManifestFixtures.OCI_HELM_CHART).replaceFirst("\n\\s*\"" + member + "\": [^\n]*,?", "")
        .replace(",\n  },", "\n  },");

    assertThat(body).isNotEqualTo(text(ManifestFixtures.OCI_HELM_CHART));
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(body), MediaTypes.OCI_MANIFEST));
  }

  @Test
  void parse_unknownMembers_areIgnored() {
    String body = text(ManifestFixtures.OCI_HELM_CHART).replace("\"schemaVersion\": 2,",
        "\"schemaVersion\": 2, \"x-vendor\": {\"nested\": [1, 2.5, null, true]},");

    assertThat(body).contains("x-vendor");
    assertThat(parser.parse(utf8(body), MediaTypes.OCI_MANIFEST)).isInstanceOf(ImageManifest.class);
  }

  // The size limit.

  @Test
  void parse_exactlyTheLimit_isAccepted() {
    byte[] body = padTo(bytes(ManifestFixtures.OCI_MANIFEST), ManifestParser.MAX_MANIFEST_BYTES);

    assertThat(parser.parse(body, MediaTypes.OCI_MANIFEST)).isInstanceOf(ImageManifest.class);
  }

  @Test
  void parse_overTheLimit_isManifestTooLargeWith413() {
    byte[] body = padTo(bytes(ManifestFixtures.OCI_MANIFEST), ManifestParser.MAX_MANIFEST_BYTES + 1);

    RegistryException e =
        assertRejected(ErrorCode.MANIFEST_TOO_LARGE, () -> parser.parse(body, MediaTypes.OCI_MANIFEST));

    assertThat(e.code().httpStatus()).isEqualTo(413);
  }

  @Test
  void parse_collectionsOfTheResult_areImmutable() {
    ImageManifest image =
        (ImageManifest) parser.parse(bytes(ManifestFixtures.OCI_ARTIFACT_SBOM), MediaTypes.OCI_MANIFEST);

    assertThatThrownBy(() -> image.layers().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> image.annotations().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void parser_isReusableAcrossFailures() {
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8("{"), MediaTypes.OCI_MANIFEST));

    assertThat(parser.parse(bytes(ManifestFixtures.OCI_MANIFEST), MediaTypes.OCI_MANIFEST)).isNotNull();
  }

  /** Pads a JSON document with trailing whitespace, which JSON allows, to exactly {@code size} bytes. */
  static byte[] padTo(byte[] json, int size) {
    byte[] padded = Arrays.copyOf(json, size);
    Arrays.fill(padded, json.length, size, (byte) ' ');
    return padded;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
