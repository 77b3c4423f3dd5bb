package dev.berth.oci;

import static dev.berth.oci.OciAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything a client can send that is not a manifest ends in a {@link RegistryException} with the right code,
 * never another exception type, a hang or an accepted body that Go clients cannot read.
 */
class ManifestParserHostileInputTest {
  private static final String OCI = MediaTypes.OCI_MANIFEST;
  private static final String CONFIG = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
  private static final String LAYER = "sha256:6a32763c830a78d80c8d2d14bee861ae63f8de3a1b956f4ac147385c1fe986de";
  private static final String BASE =
      "{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\","
          + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":2},"
          + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + LAYER
          + "\",\"size\":101,\"urls\":[\"https://example.com/l\"],\"annotations\":{\"k\":\"v\"}}],"
          + "\"annotations\":{\"a\":\"b\"}}";
  private static final String INDEX =
      "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + OCI + "\",\"digest\":\"" + LAYER
          + "\",\"size\":345,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
  private static final String DEEP_ARRAY = "[".repeat(10_000) + "]".repeat(10_000);
  private static final String DEEP_OBJECT = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);

  private final ManifestParser parser = new ManifestParser();

  @Test
  void baseManifestsOfTheseCases_areValid() {
    assertThat(parser.parse(utf8(BASE), OCI)).isInstanceOf(ImageManifest.class);
    assertThat(parser.parse(utf8(INDEX), MediaTypes.OCI_INDEX)).isInstanceOf(ImageIndex.class);
  }

  @Test
  void trailingWhitespace_isAllowed() {
    assertThat(parser.parse(utf8(" \t\r\n" + BASE + "\n \t\r\n"), OCI)).isInstanceOf(ImageManifest.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"notJson", "wrongRoot", "trailingContent", "duplicateKeys", "deepNesting", "badSizes",
      "badDigests", "badMembers", "badSchemaVersions", "badEncodings", "jsonExtensions"})
  void hostileManifest_isManifestInvalid(byte[] body) {
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(body, OCI));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIndexes")
  void hostileIndex_isManifestInvalid(byte[] body) {
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(body, MediaTypes.OCI_INDEX));
  }

  @Test
  void everyProperPrefixOfEveryRealManifest_isManifestInvalid() {
    for (List<String> fixture : ManifestFixtures.PUSHABLE) {
      byte[] whole = ManifestFixtures.text(fixture.get(0)).strip().getBytes(StandardCharsets.UTF_8);
      for (int length = 0; length < whole.length; length++) {
        byte[] prefix = Arrays.copyOf(whole, length);
        assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(prefix, fixture.get(1)));
      }
    }
  }

  @Test
  void oversizedGarbage_isManifestTooLarge_beforeItIsRead() {
    byte[] body = new byte[ManifestParser.MAX_MANIFEST_BYTES + 1];
    Arrays.fill(body, (byte) 0xFF);

    assertRejected(ErrorCode.MANIFEST_TOO_LARGE, () -> parser.parse(body, OCI));
  }

  @Test
  @Timeout(30) // a hang guard: the depth limit must stop the parser early
  void oversizedDeepNesting_isManifestTooLarge() {
    int half = ManifestParser.MAX_MANIFEST_BYTES / 2 + 1;
    byte[] body = utf8("[".repeat(half) + "]".repeat(half));

    assertRejected(ErrorCode.MANIFEST_TOO_LARGE, () -> parser.parse(body, OCI));
  }

  @Test
  @Timeout(30)
  void deepNestingJustUnderTheLimit_isManifestInvalid() {
    int half = ManifestParser.MAX_MANIFEST_BYTES / 2;
    byte[] body = utf8("[".repeat(half) + "]".repeat(half));

    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(body, OCI));
  }

  @Test
  void hugeContentType_isManifestInvalid() {
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(BASE), "application/" + "x".repeat(10_000)));
    assertRejected(
        ErrorCode.MANIFEST_INVALID,
        () -> parser.parse(utf8(BASE), "application/vnd.oci.image.manifest.v1\u0000+json"));
    assertRejected(ErrorCode.MANIFEST_INVALID, () -> parser.parse(utf8(BASE), OCI + "\r\nX-Injected: 1"));
  }

  static Stream<Arguments> notJson() {
    return cases(
        "plain text", "hello",
        "xml", "<manifest schemaVersion=\"2\"/>",
        "open brace", "{",
        "close brace", "}",
        "mismatched brackets", "{]",
        "unterminated string", "{\"schemaVersion",
        "missing value", "{\"schemaVersion\":}",
        "missing colon", "{\"schemaVersion\" 2}",
        "empty body", "",
        "whitespace body", " \n\t\r ");
  }

  static Stream<Arguments> wrongRoot() {
    return cases(
        "array root", "[]",
        "array of manifest", "[" + BASE + "]",
        "string root", "\"" + OCI + "\"",
        "number root", "2",
        "negative number root", "-1",
        "huge number root", "1e999",
        "boolean root", "true",
        "null root", "null",
        "empty object", "{}");
  }

  static Stream<Arguments> trailingContent() {
    return cases(
        "trailing word", BASE + "x",
        "trailing object", BASE + "{}",
        "second manifest", BASE + BASE,
        "trailing bracket", BASE + "]",
        "trailing comma", BASE + ",",
        "trailing NUL", BASE + "\u0000",
        "trailing number", BASE + " 1");
  }

  static Stream<Arguments> duplicateKeys() {
    return cases(
        "mediaType twice, second an index",
        with(
            "\"mediaType\":\"" + OCI + "\",",
            "\"mediaType\":\"" + OCI + "\",\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\","),
        "schemaVersion twice", with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"schemaVersion\":2,"),
        "layers twice", with("\"annotations\":{\"a\"", "\"layers\":[],\"annotations\":{\"a\""),
        "config twice", with("\"layers\":[", "\"config\":{},\"layers\":["),
        "descriptor digest twice", with("\"size\":101,", "\"size\":101,\"digest\":\"" + CONFIG + "\","),
        "annotation key twice", with("{\"a\":\"b\"}", "{\"a\":\"b\",\"a\":\"c\"}"),
        "duplicate key in unknown member",
        with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"x\":{\"y\":1,\"y\":2},"));
  }

  static Stream<Arguments> deepNesting() {
    return cases(
        "10000 nested arrays", DEEP_ARRAY,
        "10000 nested objects", DEEP_OBJECT,
        "deep value in an unknown member",
        with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"x\":" + DEEP_ARRAY + ","),
        "deep annotation value", with("{\"a\":\"b\"}", "{\"a\":" + DEEP_OBJECT + "}"),
        "deep config", with("\"config\":{", "\"config\":" + DEEP_ARRAY + ",\"c\":{"));
  }

  static Stream<Arguments> badSizes() {
    return cases(
        "size 2^63", size("9223372036854775808"),
        "size 2^64", size("18446744073709551616"),
        "size of 100 digits", size("9".repeat(100)),
        "size of 5000 digits", size("9".repeat(5000)),
        "negative size", size("-1"),
        "most negative size", size("-9223372036854775808"),
        "fractional size", size("1.5"),
        "integral float size", size("2.0"),
        "exponent size", size("2e0"),
        "huge exponent size", size("1e999"),
        "string size", size("\"2\""),
        "null size", size("null"),
        "boolean size", size("true"),
        "object size", size("{}"),
        "array size", size("[2]"),
        "hex size", size("0x2"),
        "leading zero size", size("02"),
        "plus sign size", size("+2"),
        "NaN size", size("NaN"),
        "Infinity size", size("Infinity"));
  }

  static Stream<Arguments> badDigests() {
    String hex = CONFIG.substring("sha256:".length());
    return cases(
        "upper-case algorithm", digest("SHA256:" + hex),
        "unsupported sha384", digest("sha384:" + hex + hex.substring(0, 32)),
        "unsupported md5", digest("md5:900150983cd24fb0d6963f7d28e17f72"),
        "malformed algorithm", digest("sha-:" + hex),
        "short hex", digest("sha256:abc"),
        "upper-case hex", digest("sha256:" + hex.toUpperCase(Locale.ROOT)),
        "no algorithm", digest(hex),
        "empty digest", digest(""),
        "numeric digest", with("\"digest\":\"" + CONFIG + "\"", "\"digest\":12"),
        "null digest", with("\"digest\":\"" + CONFIG + "\"", "\"digest\":null"),
        "layer digest with bad algorithm", with(LAYER, "sha1:" + LAYER.substring(7, 47)));
  }

  static Stream<Arguments> badMembers() {
    return cases(
        "number annotation", with("{\"a\":\"b\"}", "{\"a\":1}"),
        "null annotation", with("{\"a\":\"b\"}", "{\"a\":null}"),
        "object annotation", with("{\"a\":\"b\"}", "{\"a\":{\"b\":\"c\"}}"),
        "array annotation", with("{\"a\":\"b\"}", "{\"a\":[\"b\"]}"),
        "boolean annotation", with("{\"a\":\"b\"}", "{\"a\":true}"),
        "annotations as array", with("{\"a\":\"b\"}", "[\"a\",\"b\"]"),
        "annotations as string", with("{\"a\":\"b\"}", "\"a=b\""),
        "number descriptor annotation", with("{\"k\":\"v\"}", "{\"k\":2}"),
        "numeric mediaType", with("\"mediaType\":\"" + OCI + "\"", "\"mediaType\":7"),
        "array mediaType", with("\"mediaType\":\"" + OCI + "\"", "\"mediaType\":[\"" + OCI + "\"]"),
        "numeric descriptor mediaType", with("\"mediaType\":\"application/vnd.oci.empty.v1+json\"", "\"mediaType\":7"),
        "empty descriptor mediaType", with("\"mediaType\":\"application/vnd.oci.empty.v1+json\"", "\"mediaType\":\"\""),
        "descriptor mediaType not a type", with("application/vnd.oci.empty.v1+json", "empty"),
        "numeric artifactType", with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"artifactType\":1,"),
        "urls as string", with("[\"https://example.com/l\"]", "\"https://example.com/l\""),
        "numeric url", with("[\"https://example.com/l\"]", "[1]"),
        "config as array", with("\"config\":{", "\"config\":[],\"x\":{"),
        "config as string", with("\"config\":{", "\"config\":\"c\",\"x\":{"),
        "config null", with("\"config\":{", "\"config\":null,\"x\":{"),
        "layers as object", with("\"layers\":[", "\"layers\":{},\"x\":["),
        "layers null", with("\"layers\":[", "\"layers\":null,\"x\":["),
        "layer null", with("\"layers\":[", "\"layers\":[null,"),
        "layer number", with("\"layers\":[", "\"layers\":[1,"),
        "layer array", with("\"layers\":[", "\"layers\":[[],"),
        "subject as string", with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"subject\":\"" + LAYER + "\","),
        "empty subject", with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"subject\":{},"),
        "manifests null in a manifest", with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"manifests\":null,"));
  }

  static Stream<Arguments> badSchemaVersions() {
    return cases(
        "missing schemaVersion", with("\"schemaVersion\":2,", ""),
        "schemaVersion string", with("\"schemaVersion\":2,", "\"schemaVersion\":\"2\","),
        "schemaVersion float", with("\"schemaVersion\":2,", "\"schemaVersion\":2.0,"),
        "schemaVersion 1", with("\"schemaVersion\":2,", "\"schemaVersion\":1,"),
        "schemaVersion 3", with("\"schemaVersion\":2,", "\"schemaVersion\":3,"),
        "schemaVersion 0", with("\"schemaVersion\":2,", "\"schemaVersion\":0,"),
        "schemaVersion -2", with("\"schemaVersion\":2,", "\"schemaVersion\":-2,"),
        "schemaVersion null", with("\"schemaVersion\":2,", "\"schemaVersion\":null,"),
        // Regression: 2^64 + 2 wrapped to 2 when narrowed to a long and was accepted.
        "schemaVersion 2^64+2", with("\"schemaVersion\":2,", "\"schemaVersion\":18446744073709551618,"),
        "schemaVersion 2^64+1", with("\"schemaVersion\":2,", "\"schemaVersion\":18446744073709551617,"));
  }

  // Regression: Jackson skipped a UTF-8 byte order mark and sniffed UTF-16/32, so the first seven were accepted.
  static Stream<Arguments> badEncodings() {
    return Stream.concat(
        Stream.of(
            arguments(named("UTF-8 byte order mark", concat(bytes(0xEF, 0xBB, 0xBF), utf8(BASE)))),
            arguments(named("UTF-16BE", BASE.getBytes(StandardCharsets.UTF_16BE))),
            arguments(named("UTF-16LE", BASE.getBytes(StandardCharsets.UTF_16LE))),
            arguments(named("UTF-16 with byte order mark", BASE.getBytes(StandardCharsets.UTF_16))),
            arguments(named("UTF-32BE", BASE.getBytes(Charset.forName("UTF-32BE")))),
            arguments(named("UTF-32LE", BASE.getBytes(Charset.forName("UTF-32LE")))),
            arguments(named("UTF-32 with byte order mark", concat(bytes(0x00, 0x00, 0xFE, 0xFF),
                BASE.getBytes(Charset.forName("UTF-32BE"))))),
            arguments(named("leading 0xFF", concat(bytes(0xFF), utf8(BASE)))),
            arguments(named("raw NUL in a string", utf8(with("{\"a\":\"b\"}", "{\"a\":\"\u0000\"}")))),
            arguments(named("raw control character in a string", utf8(with("{\"a\":\"b\"}", "{\"a\":\"\u0001\"}")))),
            arguments(named("raw newline in a string", utf8(with("{\"a\":\"b\"}", "{\"a\":\"b\nc\"}"))))),
        Stream.of(
                bytes(0x80), // lone continuation byte
                bytes(0xFF),
                bytes(0xC0, 0xAF), // overlong '/'
                bytes(0xE0, 0x80, 0xAF), // overlong, three bytes
                bytes(0xED, 0xA0, 0x80), // an encoded UTF-16 surrogate
                bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
                bytes(0xE2, 0x82), // truncated sequence
                bytes(0xC3)) // truncated at the end of the value
            .map(bad -> arguments(named("invalid UTF-8 " + HexFormat.of().formatHex(bad), annotationValue(bad)))));
  }

  static Stream<Arguments> jsonExtensions() {
    return cases(
        "block comment", with("\"schemaVersion\":2,", "/* c */\"schemaVersion\":2,"),
        "line comment", with("\"schemaVersion\":2,", "\"schemaVersion\":2, // c\n"),
        "trailing comma in object", with("{\"a\":\"b\"}", "{\"a\":\"b\",}"),
        "trailing comma in array", with("\"layers\":[", "\"layers\":[],\"x\":[1,],\"y\":["),
        "single quotes", with("{\"a\":\"b\"}", "{'a':'b'}"),
        "unquoted key", with("{\"a\":\"b\"}", "{a:\"b\"}"),
        "NaN", with("\"schemaVersion\":2,", "\"schemaVersion\":2,\"x\":NaN,"),
        "bad escape", with("{\"a\":\"b\"}", "{\"a\":\"\\x41\"}"),
        "truncated unicode escape", with("{\"a\":\"b\"}", "{\"a\":\"\\u12\"}"));
  }

  static Stream<Arguments> badIndexes() {
    return cases(
        "manifests as object", INDEX.replace("\"manifests\":[", "\"manifests\":{},\"x\":["),
        "manifests null", INDEX.replace("\"manifests\":[", "\"manifests\":null,\"x\":["),
        "manifest entry string", INDEX.replace("\"manifests\":[", "\"manifests\":[\"" + LAYER + "\","),
        "platform as string", INDEX.replace("{\"os\":\"linux\",\"architecture\":\"amd64\"}", "\"linux/amd64\""),
        "numeric platform os", INDEX.replace("\"os\":\"linux\"", "\"os\":1"),
        "entry with negative size", INDEX.replace("\"size\":345", "\"size\":-345"),
        "entry with bad digest", INDEX.replace(LAYER, "sha256:zz"),
        "index with config", INDEX.replace("\"manifests\":[", "\"config\":{},\"manifests\":["),
        "index with layers", INDEX.replace("\"manifests\":[", "\"layers\":[],\"manifests\":["),
        "index with empty config", INDEX.replace("\"manifests\":[", "\"config\":null,\"manifests\":["),
        "deep index", "{\"schemaVersion\":2,\"manifests\":" + DEEP_ARRAY + "}");
  }

  // Helpers building the cases. Replacements must apply, so a typo cannot turn a case into the valid base.

  private static Stream<Arguments> cases(String... nameThenBody) {
    Stream.Builder<Arguments> out = Stream.builder();
    for (int i = 0; i < nameThenBody.length; i += 2) {
      out.add(arguments(named(nameThenBody[i], utf8(nameThenBody[i + 1]))));
    }
    return out.build();
  }

  private static String with(String target, String replacement) {
    if (!BASE.contains(target)) {
      throw new IllegalArgumentException("not in the base manifest: " + target);
    }
    return BASE.replace(target, replacement);
  }

  private static String size(String value) {
    return with("\"size\":2}", "\"size\":" + value + "}");
  }

  private static String digest(String value) {
    return with("\"digest\":\"" + CONFIG + "\"", "\"digest\":\"" + value + "\"");
  }

  private static byte[] annotationValue(byte[] raw) {
    String marker = "\"a\":\"b\"";
    int at = BASE.indexOf(marker) + marker.length() - 2;
    byte[] base = utf8(BASE);
    return concat(concat(Arrays.copyOf(base, at), raw), Arrays.copyOfRange(base, at + 1, base.length));
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
