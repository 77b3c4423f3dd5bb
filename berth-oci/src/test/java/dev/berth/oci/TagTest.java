package dev.berth.oci;

import static dev.berth.oci.OciAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {
  private static final Pattern SPEC = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  @ParameterizedTest
  @ValueSource(strings = {"latest", "v1.2.3", "1", "_", "_internal", "A", "Release_2026-11-28", "x..y", "a-", "a."})
  void parse_tagsOfTheSpecGrammar_areValid(String tag) {
    assertThat(Tag.parse(tag).value()).isEqualTo(tag);
    assertThat(Tag.parse(tag)).hasToString(tag);
    assertThat(Tag.isValid(tag)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        ".hidden", // first character may not be . or -
        "-rc1",
        "v1:2",
        "a/b",
        "a b",
        "a@b",
        "a+b",
        "latest\n",
        " latest",
        "caf\u00e9",
        "\uff41", // full-width a
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      })
  void parse_tagsOutsideTheSpecGrammar_areTagInvalid(String tag) {
    assertRejected(ErrorCode.TAG_INVALID, () -> Tag.parse(tag));
    assertThat(Tag.isValid(tag)).isFalse();
  }

  @Test
  void parse_128Characters_isValid() {
    String tag = "a".repeat(128);

    assertThat(Tag.parse(tag).value()).hasSize(128);
  }

  @Test
  void parse_129Characters_isTagInvalid() {
    assertRejected(ErrorCode.TAG_INVALID, () -> Tag.parse("a".repeat(129)));
  }

  @Test
  void parse_hugeInput_isTagInvalidWithBoundedDetail() {
    RegistryException e = assertRejected(ErrorCode.TAG_INVALID, () -> Tag.parse("a".repeat(100_000)));

    assertThat(String.valueOf(e.detail().get("tag"))).hasSizeLessThanOrEqualTo(257);
    assertThat(e.code().httpStatus()).isEqualTo(400);
  }

  @Test
  void compareTo_isAsciibetical() {
    List<Tag> tags = new ArrayList<>(List.of(Tag.parse("b"), Tag.parse("_x"), Tag.parse("B"), Tag.parse("a"),
        Tag.parse("10"), Tag.parse("9")));

    tags.sort(null);

    assertThat(tags).extracting(Tag::value).containsExactly("10", "9", "B", "_x", "a", "b");
  }

  @Property
  void arbitraryStrings_areValidExactlyWhenTheSpecRegexMatches(@ForAll("tagLikeStrings") String s) {
    boolean expected = SPEC.matcher(s).matches();

    assertThat(Tag.isValid(s)).isEqualTo(expected);
    if (!expected) {
      assertRejected(ErrorCode.TAG_INVALID, () -> Tag.parse(s));
    }
  }

  @Provide
  Arbitrary<String> tagLikeStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("aZ9_.-").ofMinLength(120).ofMaxLength(135),
        Arbitraries.strings().withChars("aZ9_.-:/ é").ofMaxLength(20));
  }
}
