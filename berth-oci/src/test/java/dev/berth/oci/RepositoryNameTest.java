package dev.berth.oci;

import static dev.berth.oci.OciAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {
  /** The grammar exactly as distribution-spec writes it; the oracle for the property tests. */
  private static final Pattern SPEC =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "0",
        "ubuntu",
        "library/ubuntu",
        "my-org/my-team/my-app",
        "a.b",
        "a_b",
        "a__b",
        "a-b",
        "a---b",
        "a.b_c__d-e--f",
        "v1.2.3",
        "org/app/sub/leaf",
        "123/456",
      })
  void parse_namesOfTheSpecGrammar_areValid(String name) {
    RepositoryName parsed = RepositoryName.parse(name);

    assertThat(parsed.value()).isEqualTo(name);
    assertThat(parsed).hasToString(name);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Ubuntu", // upper case
        "library/Ubuntu",
        "a___b", // three underscores
        "a.-b", // separators do not combine
        "a-.b",
        "a_-b",
        "a..b",
        ".a",
        "a.",
        "_a",
        "a_",
        "-a",
        "a-",
        "/a", // leading slash
        "a/", // trailing slash
        "a//b", // empty component
        "/",
        "..", // path traversal
        ".",
        "a/../b",
        "a/./b",
        "../etc/passwd",
        "a/..",
        "a\\b",
        "a b",
        "a:b",
        "a@b",
        "a\nb",
        "a\n",
        "caf\u00e9", // non-ASCII letters
        "\u0430pp", // Cyrillic a
        "\uff41", // full-width a
        "\u0661", // Arabic-Indic digit one
        "a/\u0000",
      })
  void parse_namesOutsideTheSpecGrammar_areNameInvalid(String name) {
    RegistryException e = assertRejected(ErrorCode.NAME_INVALID, () -> RepositoryName.parse(name));

    assertThat(e.code().httpStatus()).isEqualTo(400);
    assertThat(RepositoryName.isValid(name)).isFalse();
  }

  @Test
  void parse_255Characters_isValid() {
    String name = "a".repeat(127) + "/" + "b".repeat(127);

    assertThat(name).hasSize(RepositoryName.MAX_LENGTH);
    assertThat(RepositoryName.parse(name).value()).isEqualTo(name);
  }

  @Test
  void parse_256Characters_isNameInvalid() {
    String name = "a".repeat(128) + "/" + "b".repeat(127);

    assertThat(name).hasSize(256);
    assertRejected(ErrorCode.NAME_INVALID, () -> RepositoryName.parse(name));
  }

  @Test
  void parse_rejection_namesTheNameInDetail() {
    RegistryException e = assertRejected(ErrorCode.NAME_INVALID, () -> RepositoryName.parse("Bad"));

    assertThat(e.detail().get("name")).isEqualTo("Bad");
  }

  // Hang guard, not a timing assertion: the checks must not backtrack catastrophically.
  @Test
  @Timeout(10)
  void isValid_pathologicalInput_isRejectedWithBoundedDetail() {
    String hostile = "a" + "-".repeat(10_000) + "!";

    RegistryException e = assertRejected(ErrorCode.NAME_INVALID, () -> RepositoryName.parse(hostile));

    assertThat(String.valueOf(e.detail().get("name"))).hasSizeLessThanOrEqualTo(257);
  }

  @Test
  @Timeout(10)
  void isValid_pathologicalInputWithinTheLengthLimit_isDecided() {
    List<String> hostile =
        List.of(
            "a" + "-".repeat(253) + "!",
            "a" + "-".repeat(253) + "a",
            "a-".repeat(127) + "!",
            "a_".repeat(127) + "_",
            "a__".repeat(84) + "!",
            "a/".repeat(127) + "/",
            "a".repeat(254) + "!",
            "a.".repeat(127) + ".");

    for (String s : hostile) {
      assertThat(RepositoryName.isValid(s)).as(s).isEqualTo(s.length() <= 255 && SPEC.matcher(s).matches());
    }
  }

  @Test
  void namespace_isTheFirstComponent() {
    assertThat(RepositoryName.parse("acme/team/app").namespace()).isEqualTo("acme");
    assertThat(RepositoryName.parse("acme/app").namespace()).isEqualTo("acme");
  }

  @Test
  void namespace_ofSingleComponentName_isTheNameItself() {
    RepositoryName name = RepositoryName.parse("ubuntu");

    assertThat(name.namespace()).isEqualTo("ubuntu");
    assertThat(name.hasNamespace()).isFalse();
  }

  @Test
  void hasNamespace_isTrueForMultiComponentNames() {
    assertThat(RepositoryName.parse("library/ubuntu").hasNamespace()).isTrue();
    assertThat(RepositoryName.parse("a/b/c").hasNamespace()).isTrue();
  }

  @Test
  void compareTo_ordersByValue() {
    List<RepositoryName> names =
        new ArrayList<>(List.of(RepositoryName.parse("b"), RepositoryName.parse("a/z"), RepositoryName.parse("a")));

    names.sort(null);

    assertThat(names).extracting(RepositoryName::value).containsExactly("a", "a/z", "b");
  }

  @Property
  void everyNameOfTheSpecGrammar_upTo255Characters_isValid(@ForAll("specNames") String name) {
    assertThat(SPEC.matcher(name).matches()).as("generator produces grammar names").isTrue();

    assertThat(RepositoryName.isValid(name)).isEqualTo(name.length() <= RepositoryName.MAX_LENGTH);
  }

  @Property
  void nearMissesOfTheSpecGrammar_areValidExactlyWhenTheSpecRegexMatches(@ForAll("nearMisses") String s) {
    boolean expected = s.length() <= RepositoryName.MAX_LENGTH && SPEC.matcher(s).matches();

    assertThat(RepositoryName.isValid(s)).isEqualTo(expected);
  }

  @Property
  void arbitraryStrings_areValidExactlyWhenTheSpecRegexMatches(@ForAll("nameAlphabetStrings") String s) {
    boolean expected = s.length() <= RepositoryName.MAX_LENGTH && SPEC.matcher(s).matches();

    assertThat(RepositoryName.isValid(s)).isEqualTo(expected);
    if (!expected) {
      assertRejected(ErrorCode.NAME_INVALID, () -> RepositoryName.parse(s));
    }
  }

  @Provide
  Arbitrary<String> specNames() {
    Arbitrary<String> alnum = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1)
        .ofMaxLength(12);
    Arbitrary<String> separator = Arbitraries.oneOf(
        Arbitraries.of(".", "_", "__"), Arbitraries.integers().between(1, 4).map("-"::repeat));
    Arbitrary<String> component =
        Combinators.combine(alnum, Combinators.combine(separator, alnum).as(String::concat).list().ofMaxSize(5))
            .as((head, tail) -> head + String.join("", tail));
    return component.list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("/", parts));
  }

  @Provide
  Arbitrary<String> nearMisses() {
    Arbitrary<Character> intruder = Arbitraries.of('.', '_', '-', '/', 'A', '!', ' ', 'é', ':', '\n');
    return Combinators.combine(specNames(), Arbitraries.integers().between(0, 1000), intruder,
            Arbitraries.of("insert", "replace", "delete"))
        .as((name, at, c, op) -> mutate(name, at % (name.length() + 1), c, op));
  }

  @Provide
  Arbitrary<String> nameAlphabetStrings() {
    return Arbitraries.strings().withChars("ab0._-/A!").ofMaxLength(300);
  }

  private static String mutate(String name, int at, char c, String op) {
    StringBuilder sb = new StringBuilder(name);
    switch (op) {
      case "insert" -> sb.insert(at, c);
      case "replace" -> {
        if (at < sb.length()) {
          sb.setCharAt(at, c);
        }
      }
      default -> {
        if (at < sb.length()) {
          sb.deleteCharAt(at);
        }
      }
    }
    return sb.toString();
  }
}
