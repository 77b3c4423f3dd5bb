package dev.berth.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Real manifests under {@code src/test/resources/manifests}. {@code oci-manifest.json} was written by
 * {@code umoci new} + {@code umoci insert}; {@code oci-index.json}, {@code docker-manifest.json} and
 * {@code docker-manifest-list.json} by {@code buildah manifest push --all} (OCI and v2s2); the artifact, Helm,
 * nested-index, foreign-layer and schema 1 files are hand-written in the shape oras, helm, buildah, Windows images
 * and Docker 1.x produce. The generated files are byte-exact, so their digests are known.
 */
final class ManifestFixtures {
  static final String OCI_MANIFEST = "oci-manifest.json";
  static final String OCI_MANIFEST_DIGEST =
      "sha256:d050993212c9ca2c7007e5961d3f273312084572027229ee01532d2de1b82751";
  static final String OCI_INDEX = "oci-index.json";
  static final String OCI_INDEX_DIGEST = "sha256:e37c706b98a9daf4000c0567acc4131fdb6d079927f25fc778aed30092e51a53";
  static final String DOCKER_MANIFEST = "docker-manifest.json";
  static final String DOCKER_MANIFEST_DIGEST =
      "sha256:6929a83227a9449b86cd5e6def47e8acbb02306fe29fc44c56d3f5019514da3c";
  static final String DOCKER_MANIFEST_LIST = "docker-manifest-list.json";
  static final String DOCKER_MANIFEST_LIST_DIGEST =
      "sha256:1c597d96b46cf3d69140a84afa4a200154023c5dec92f33580304add79e0be4c";
  static final String DOCKER_FOREIGN_LAYER = "docker-manifest-foreign-layer.json";
  static final String OCI_ARTIFACT_SBOM = "oci-artifact-sbom.json";
  static final String OCI_HELM_CHART = "oci-helm-chart.json";
  static final String OCI_INDEX_ARTIFACT = "oci-index-artifact.json";
  static final String OCI_INDEX_NESTED = "oci-index-nested.json";
  static final String DOCKER_SCHEMA1_SIGNED = "docker-schema1-signed.json";

  /** Every schema 2 fixture with the Content-Type it is pushed with. */
  static final List<List<String>> PUSHABLE =
      List.of(
          List.of(OCI_MANIFEST, MediaTypes.OCI_MANIFEST),
          List.of(OCI_INDEX, MediaTypes.OCI_INDEX),
          List.of(DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST),
          List.of(DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST_LIST),
          List.of(DOCKER_FOREIGN_LAYER, MediaTypes.DOCKER_MANIFEST),
          List.of(OCI_ARTIFACT_SBOM, MediaTypes.OCI_MANIFEST),
          List.of(OCI_HELM_CHART, MediaTypes.OCI_MANIFEST),
          List.of(OCI_INDEX_ARTIFACT, MediaTypes.OCI_INDEX),
          List.of(OCI_INDEX_NESTED, MediaTypes.OCI_INDEX));

  private ManifestFixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = ManifestFixtures.class.getResourceAsStream("/manifests/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }
}
