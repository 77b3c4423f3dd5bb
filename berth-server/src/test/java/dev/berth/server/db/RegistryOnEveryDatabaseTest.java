package dev.berth.server.db;

import static dev.berth.server.db.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.Databases.Kind;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The registry flow over HTTP — monolithic and chunked pushes, pulls, tag moves, deletes, referrers, mounts and
 * the catalog — on a Berth whose {@code DB_URI} names SQLite, PostgreSQL or MariaDB.
 */
class RegistryOnEveryDatabaseTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract class Flow {
    private final Kind kind;
    private Path dir;
    private Databases.Fresh fresh;
    private TestRegistry registry;
    RegistryClient client;

    Flow(Kind kind) {
      this.kind = kind;
    }

    @BeforeAll
    void start() throws Exception {
      dir = Files.createTempDirectory("berth-flow-");
      fresh = Databases.create(kind, dir);
      registry = TestRegistry.start(Map.of("DB_URI", fresh.dbUri()));
      client = new RegistryClient(registry.base());
    }

    @AfterAll
    void stop() throws Exception {
      try {
        registry.close();
      } finally {
        fresh.close();
        TestRegistry.deleteTree(dir);
      }
    }

    String repo(String prefix) {
      return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "/app";
    }

    static byte[] random(int size, long seed) {
      byte[] b = new byte[size];
      new Random(seed).nextBytes(b);
      return b;
    }

    /** Pushes a config and the layers and returns the manifest bytes (not yet pushed). */
    byte[] image(String repo, long seed) throws Exception {
      byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}")
          .getBytes(StandardCharsets.UTF_8);
      byte[] layer = random(20_000, seed);
      return RegistryClient.imageManifest(client.pushBlob(repo, config), config.length,
          client.pushBlob(repo, layer), layer.length);
    }

    String pushManifest(String repo, String reference, byte[] manifest) throws Exception {
      HttpResponse<byte[]> r = client.putManifest(repo, reference, manifest);
      assertThat(r.statusCode()).as("manifest PUT: %s", text(r)).isEqualTo(201);
      String digest = Digest.sha256(manifest).value();
      assertThat(r.headers().firstValue("Docker-Content-Digest")).contains(digest);
      return digest;
    }

    @Test
    void push_monolithicAndChunked_thenPullManifestAndBlobs() throws Exception {
      String repo = repo("flow");
      byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
      byte[] chunked = random(300_000, 1);
      byte[] small = random(10_000, 2);
      String configDigest = client.pushBlob(repo, config);
      String chunkedDigest = client.pushChunked(repo, chunked, 64 * 1024);
      String smallDigest = client.pushBlob(repo, small);
      byte[] manifest = RegistryClient.imageManifest(configDigest, config.length, chunkedDigest, chunked.length,
          smallDigest, small.length);

      String digest = pushManifest(repo, "v1", manifest);

      for (String ref : List.of("v1", digest)) {
        HttpResponse<byte[]> got = client.get("/v2/" + repo + "/manifests/" + ref, "Accept",
            RegistryClient.OCI_MANIFEST);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(manifest);
        assertThat(got.headers().firstValue("Content-Type")).contains(RegistryClient.OCI_MANIFEST);
        assertThat(got.headers().firstValue("Docker-Content-Digest")).contains(digest);
      }
      HttpResponse<byte[]> head = client.send("HEAD", "/v2/" + repo + "/manifests/v1", null);
      assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(manifest.length);
      assertThat(client.get("/v2/" + repo + "/blobs/" + chunkedDigest).body()).isEqualTo(chunked);
      assertThat(client.get("/v2/" + repo + "/blobs/" + smallDigest).body()).isEqualTo(small);
      HttpResponse<byte[]> blobHead = client.send("HEAD", "/v2/" + repo + "/blobs/" + chunkedDigest, null);
      assertThat(blobHead.statusCode()).isEqualTo(200);
      assertThat(blobHead.headers().firstValueAsLong("Content-Length")).hasValue(chunked.length);
    }

    @Test
    void tagMove_pointsTheTagAtTheNewManifest_andTagsListInByteOrderWithPaging() throws Exception {
      String repo = repo("tags");
      byte[] first = image(repo, 10);
      byte[] second = image(repo, 11);
      pushManifest(repo, "v1", first);
      pushManifest(repo, "V1", first);
      pushManifest(repo, "_x", first);
      String secondDigest = pushManifest(repo, "v2", second);

      pushManifest(repo, "v1", second);

      HttpResponse<byte[]> v1 = client.get("/v2/" + repo + "/manifests/v1");
      assertThat(v1.headers().firstValue("Docker-Content-Digest")).contains(secondDigest);
      assertThat(v1.body()).isEqualTo(second);
      assertThat(tags(client.get("/v2/" + repo + "/tags/list"))).containsExactly("V1", "_x", "v1", "v2");
      HttpResponse<byte[]> page = client.get("/v2/" + repo + "/tags/list?n=3");
      assertThat(tags(page)).containsExactly("V1", "_x", "v1");
      String next = page.headers().firstValue("Link").orElseThrow().replaceAll("^<([^>]+)>.*$", "$1");
      assertThat(tags(client.get(next))).containsExactly("v2");
    }

    List<String> tags(HttpResponse<byte[]> r) throws Exception {
      assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
      List<String> names = new ArrayList<>();
      JSON.readTree(r.body()).path("tags").forEach(t -> names.add(t.asText()));
      return names;
    }

    @Test
    void deletes_ofATagAndOfAManifest_hideThem_andARepushRevives() throws Exception {
      String repo = repo("del");
      byte[] manifest = image(repo, 20);
      String digest = pushManifest(repo, "keep", manifest);
      pushManifest(repo, "drop", manifest);

      assertThat(client.send("DELETE", "/v2/" + repo + "/manifests/drop", null).statusCode()).isEqualTo(202);
      assertThat(client.get("/v2/" + repo + "/manifests/drop").statusCode()).isEqualTo(404);
      assertThat(client.get("/v2/" + repo + "/manifests/keep").statusCode()).isEqualTo(200);

      assertThat(client.send("DELETE", "/v2/" + repo + "/manifests/" + digest, null).statusCode()).isEqualTo(202);
      HttpResponse<byte[]> gone = client.get("/v2/" + repo + "/manifests/keep");
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(text(gone)).contains("MANIFEST_UNKNOWN");
      assertThat(client.get("/v2/" + repo + "/manifests/" + digest).statusCode()).isEqualTo(404);
      assertThat(tags(client.get("/v2/" + repo + "/tags/list"))).isEmpty();

      pushManifest(repo, "again", manifest);
      assertThat(client.get("/v2/" + repo + "/manifests/again").body()).isEqualTo(manifest);
    }

    @Test
    void referrers_listTheManifestsThatReferToASubject_filteredByArtifactType() throws Exception {
      String repo = repo("refs");
      byte[] subject = image(repo, 30);
      String subjectDigest = pushManifest(repo, "v1", subject);
      client.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
      byte[] sbom = RegistryClient.referrer("application/vnd.example.sbom", subjectDigest, subject.length, "s");
      byte[] sig = RegistryClient.referrer("application/vnd.example.signature", subjectDigest, subject.length, "x");
      HttpResponse<byte[]> pushed = client.putManifest(repo, Digest.sha256(sbom).value(), sbom);
      assertThat(pushed.statusCode()).as(text(pushed)).isEqualTo(201);
      assertThat(pushed.headers().firstValue("OCI-Subject")).contains(subjectDigest);
      pushManifest(repo, Digest.sha256(sig).value(), sig);

      JsonNode all = JSON.readTree(client.get("/v2/" + repo + "/referrers/" + subjectDigest).body());
      HttpResponse<byte[]> filtered = client.get("/v2/" + repo + "/referrers/" + subjectDigest
          + "?artifactType=application/vnd.example.sbom");

      assertThat(all.path("manifests")).hasSize(2);
      assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).contains("artifactType");
      JsonNode only = JSON.readTree(filtered.body()).path("manifests");
      assertThat(only).hasSize(1);
      assertThat(only.get(0).path("digest").asText()).isEqualTo(Digest.sha256(sbom).value());
      assertThat(only.get(0).path("artifactType").asText()).isEqualTo("application/vnd.example.sbom");
      assertThat(only.get(0).path("annotations").path("note").asText()).isEqualTo("s");
    }

    @Test
    void catalog_listsRepositoriesInByteOrder_andPages() throws Exception {
      String p = "cat" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      List<String> names = new ArrayList<>(List.of(p + "/a", p + "/a-b", p + "/a.b", p + "/a_b", p + "/a/b",
          p + "-x/y", p + "_x/y", p + "0/y"));
      byte[] blob = random(100, 40);
      for (String n : names) {
        client.pushBlob(n, blob);
      }
      names.sort(null);

      HttpResponse<byte[]> all = client.get("/v2/_catalog?n=" + names.size() + "&last=" + p);
      assertThat(repositories(all)).containsExactlyElementsOf(names);
      List<String> paged = new ArrayList<>();
      String next = "/v2/_catalog?n=3&last=" + p;
      while (paged.size() < names.size()) {
        HttpResponse<byte[]> page = client.get(next);
        paged.addAll(repositories(page));
        next = page.headers().firstValue("Link").orElseThrow().replaceAll("^<([^>]+)>.*$", "$1");
      }
      assertThat(paged.subList(0, names.size())).containsExactlyElementsOf(names);
      try (Database direct = Database.open(dev.berth.server.config.DatabaseUri.parse(fresh.dbUri()), 2)) {
        assertThat(direct.<List<String>>read(h -> h.createQuery("SELECT name FROM repository")
            .mapTo(String.class).list())).as("rows in the %s database itself", kind).containsAll(names);
      }
    }

    List<String> repositories(HttpResponse<byte[]> r) throws Exception {
      assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
      List<String> names = new ArrayList<>();
      JSON.readTree(r.body()).path("repositories").forEach(t -> names.add(t.asText()));
      return names;
    }

    @Test
    void mount_fromANamedOrDiscoveredRepository_thenBlobDeleteUnlinksOneRepositoryOnly() throws Exception {
      String source = repo("src");
      String named = repo("dst");
      String discovered = repo("dsc");
      String digest = client.pushBlob(source, random(5_000, 50));

      HttpResponse<byte[]> m1 = client.send("POST", "/v2/" + named + "/blobs/uploads/?mount=" + digest
          + "&from=" + source, null);
      HttpResponse<byte[]> m2 = client.send("POST", "/v2/" + discovered + "/blobs/uploads/?mount=" + digest, null);
      assertThat(m1.statusCode()).as(text(m1)).isEqualTo(201);
      assertThat(m2.statusCode()).as(text(m2)).isEqualTo(201);

      assertThat(client.send("DELETE", "/v2/" + source + "/blobs/" + digest, null).statusCode()).isEqualTo(202);
      assertThat(client.send("HEAD", "/v2/" + source + "/blobs/" + digest, null).statusCode()).isEqualTo(404);
      assertThat(client.send("HEAD", "/v2/" + named + "/blobs/" + digest, null).statusCode()).isEqualTo(200);
      assertThat(client.send("HEAD", "/v2/" + discovered + "/blobs/" + digest, null).statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class OnSqlite extends Flow {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends Flow {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends Flow {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
