package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, {@link ManifestParser} either returns a consistent manifest or throws a
 * {@link RegistryException} with {@code MANIFEST_INVALID}: never another exception type.
 */
class ManifestParserPropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CONTENT_TYPES =
      Arrays.asList(
          null,
          "",
          MediaTypes.OCI_MANIFEST,
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.DOCKER_SCHEMA1_SIGNED,
          "application/json",
          "application/vnd.oci.image.index.v1+json; charset=utf-8",
          "text/plain");
  private static final List<String> MEMBER_NAMES =
      List.of("schemaVersion", "mediaType", "config", "layers", "manifests", "subject", "artifactType",
          "annotations", "digest", "size", "urls", "platform", "os", "architecture", "variant", "data");
  private static final List<String> TOKENS =
      List.of("{", "}", "[", "]", "\"", ",", ":", "\\", "null", "-1", "1e999", "18446744073709551618", "\u00ff",
          "\u00ef\u00bb\u00bf", "\\u0000", "\\ud800", "/*", "\n", "{\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"}");

  private final ManifestParser parser = new ManifestParser();

  @Property
  void randomBytes_parseOrAreManifestInvalid(
      @ForAll @Size(max = 2048) byte[] content, @ForAll("contentTypes") String contentType) {
    assertParsesOrIsManifestInvalid(content, contentType);
  }

  @Property
  void randomJsonLikeText_parsesOrIsManifestInvalid(
      @ForAll("jsonLikeText") String content, @ForAll("contentTypes") String contentType) {
    assertParsesOrIsManifestInvalid(content.getBytes(StandardCharsets.UTF_8), contentType);
  }

  @Property(tries = 2000)
  void byteMutationsOfRealManifests_parseOrAreManifestInvalid(
      @ForAll("fixtures") List<String> fixture,
      @ForAll @Size(min = 1, max = 8) List<@From("byteMutations") ByteMutation> mutations,
      @ForAll("contentTypes") String otherContentType,
      @ForAll boolean ownContentType) {
    byte[] content = ManifestFixtures.bytes(fixture.get(0));
    for (ByteMutation m : mutations) {
      content = m.apply(content);
    }

    assertParsesOrIsManifestInvalid(content, ownContentType ? fixture.get(1) : otherContentType);
  }

  @Property(tries = 2000)
  void structuralMutationsOfRealManifests_parseOrAreManifestInvalid(
      @ForAll("fixtures") List<String> fixture,
      @ForAll @Size(min = 1, max = 4) List<@From("treeMutations") TreeMutation> mutations,
      @ForAll("contentTypes") String otherContentType,
      @ForAll boolean ownContentType) throws IOException {
    JsonNode tree = JSON.readTree(ManifestFixtures.bytes(fixture.get(0)));
    for (TreeMutation m : mutations) {
      m.apply(tree);
    }

    assertParsesOrIsManifestInvalid(JSON.writeValueAsBytes(tree), ownContentType ? fixture.get(1) : otherContentType);
    // Some mutants must still parse, or the property only exercises the first few checks.
    Statistics.coverage(coverage -> coverage.check("parsed").percentage(p -> p > 2));
  }

  private void assertParsesOrIsManifestInvalid(byte[] content, String contentType) {
    Manifest m;
    try {
      m = parser.parse(content, contentType);
    } catch (RegistryException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID);
      Statistics.collect("refused");
      return;
    }
    Statistics.collect("parsed");
    // Anything else thrown fails the property; a manifest that parses must be consistent.
    assertThat(MediaTypes.MANIFESTS).contains(m.mediaType());
    assertThat(m instanceof ImageIndex).isEqualTo(MediaTypes.isIndex(m.mediaType()));
    if (m instanceof ImageManifest image) {
      assertThat(image.config()).isNotNull();
      assertThat(image.effectiveArtifactType()).isPresent();
    }
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(CONTENT_TYPES);
  }

  @Provide
  Arbitrary<List<String>> fixtures() {
    return Arbitraries.of(ManifestFixtures.PUSHABLE);
  }

  @Provide
  Arbitrary<String> jsonLikeText() {
    return Arbitraries.strings().withChars("{}[]\":,0123456789-.eE tfnrula\\/").ofMaxLength(300);
  }

  /** One byte-level edit; positions wrap around the content so every edit applies. */
  record ByteMutation(int kind, int at, byte value, int span) {
    byte[] apply(byte[] in) {
      int pos = in.length == 0 ? 0 : Math.floorMod(at, in.length);
      int end = Math.min(in.length, pos + span);
      return switch (kind) {
        case 0 -> replaceAt(in, pos, (byte) (in.length == 0 ? 0 : in[pos] ^ (1 << (value & 7))));
        case 1 -> replaceAt(in, pos, value);
        case 2 -> splice(in, pos, pos, new byte[] {value});
        case 3 -> splice(in, pos, end, new byte[0]);
        case 4 -> splice(in, end, end, Arrays.copyOfRange(in, pos, end));
        case 5 -> Arrays.copyOf(in, pos);
        default -> {
          String token = TOKENS.get(Math.floorMod(value, TOKENS.size()));
          yield splice(in, pos, pos, token.getBytes(StandardCharsets.UTF_8));
        }
      };
    }

    private static byte[] replaceAt(byte[] in, int pos, byte b) {
      return in.length == 0 ? in : splice(in, pos, pos + 1, new byte[] {b});
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
      byte[] out = new byte[in.length - (to - from) + insert.length];
      System.arraycopy(in, 0, out, 0, from);
      System.arraycopy(insert, 0, out, from, insert.length);
      System.arraycopy(in, to, out, from + insert.length, in.length - to);
      return out;
    }
  }

  @Provide
  Arbitrary<ByteMutation> byteMutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.bytes(),
            Arbitraries.integers().between(1, 64))
        .as(ByteMutation::new);
  }

  /**
   * One edit of the JSON tree: in the {@code at}-th container (wrapping), replace, remove or add a member or
   * element with {@code value}.
   */
  record TreeMutation(int at, int kind, String member, Object value) {
    void apply(JsonNode root) {
      List<ContainerNode<?>> containers = new ArrayList<>();
      collect(root, containers);
      ContainerNode<?> target = containers.get(Math.floorMod(at, containers.size()));
      JsonNode replacement = JSON.valueToTree(value);
      if (target instanceof ObjectNode obj) {
        List<String> names = new ArrayList<>();
        obj.fieldNames().forEachRemaining(names::add);
        String name = kind == 2 || names.isEmpty() ? member : names.get(Math.floorMod(member.hashCode(), names.size()));
        if (kind == 1) {
          obj.remove(name);
        } else {
          obj.set(name, replacement);
        }
      } else if (target instanceof ArrayNode array) {
        int i = array.isEmpty() ? 0 : Math.floorMod(member.hashCode(), array.size());
        if (kind == 1 && !array.isEmpty()) {
          array.remove(i);
        } else if (kind == 2 || array.isEmpty()) {
          array.insert(i, replacement);
        } else {
          array.set(i, replacement);
        }
      }
    }

    private static void collect(JsonNode node, List<ContainerNode<?>> out) {
      if (node instanceof ContainerNode<?> c) {
        out.add(c);
        node.elements().forEachRemaining(child -> collect(child, out));
      }
    }
  }

  @Provide
  Arbitrary<TreeMutation> treeMutations() {
    return Combinators.combine(
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers().between(0, 2),
            Arbitraries.oneOf(Arbitraries.of(MEMBER_NAMES), Arbitraries.strings().ofMaxLength(8)),
            jsonValues(2))
        .as(TreeMutation::new);
  }

  private Arbitrary<Object> jsonValues(int depth) {
    Arbitrary<Object> scalars =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                MediaTypes.OCI_MANIFEST,
                MediaTypes.OCI_INDEX,
                MediaTypes.DOCKER_MANIFEST,
                MediaTypes.OCI_EMPTY,
                "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                "sha384:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                "not a media type",
                2,
                1,
                -1,
                0,
                1.5,
                true,
                false,
                Long.MAX_VALUE,
                new BigInteger("18446744073709551618"),
                new BigInteger("-18446744073709551616"),
                Double.MAX_VALUE),
            Arbitraries.strings().ofMaxLength(16).map(s -> (Object) s),
            Arbitraries.longs().map(l -> (Object) l))
        .injectNull(0.1);
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<Object> lists = jsonValues(depth - 1).list().ofMaxSize(3).map(l -> (Object) l);
    Arbitrary<Object> maps =
        Arbitraries.maps(Arbitraries.of(MEMBER_NAMES), jsonValues(depth - 1)).ofMaxSize(4).map(m -> (Object) m);
    return Arbitraries.frequencyOf(Tuple.of(6, scalars), Tuple.of(2, lists), Tuple.of(2, maps));
  }
}
