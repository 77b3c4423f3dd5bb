package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dpkg ordering against this machine's {@code dpkg --compare-versions}, run as a process, over generated
 * and hand-picked versions. "Invalid" must agree too: dpkg exits with an error exactly where we throw.
 */
class DpkgOracleTest {
  /** Reads pairs of lines and answers -1, 0, 1 or E (dpkg refused a version); "--" keeps "-0:1" an argument. */
  private static final String SCRIPT = """
      while IFS= read -r a && IFS= read -r b; do
        if dpkg --compare-versions -- "$a" lt "$b" 2>/dev/null; then echo -1
        else
          r=$?
          if [ "$r" -ne 1 ]; then echo E
          elif dpkg --compare-versions -- "$a" eq "$b" 2>/dev/null; then echo 0
          else echo 1
          fi
        fi
      done
      """;

  /** Corners of Policy §5.6.12 and of dpkg's parser (epochs, blanks, empty parts, bytes above 127). */
  static final List<String> HAND_PICKED = List.of(
      "1.0", "1.0-1", "1.0-0", "1.0-", "1:1.0", "0:1.0", "00:1.0", ":1.0", "a:1.0", "1a:1.0", "-1:1.0",
      "+1:1.0", "-0:1.0", "2147483647:1", "2147483648:1", "99999999999999999999:1", "1:", "1:-1", "-1",
      "1.0~rc1", "1.0~~", "1.0~", "1.0~~a", "1.0+", "1.0a", "1.0A", "1.0.", "1.0+b1", "1.0-1ubuntu1",
      "1.0-1+deb12u1", "1.0-1~bpo11+1", " 1.0", "1.0 ", "1.0 1", "\t1.0", "1.0\t", "a1.0", "~1", "~", "+", ".",
      "1..0", "1.00", "1.000000000000000000000000001", "1.000000000000000000000000000",
      "18446744073709551616", "18446744073709551615", "1.é", "1.ä", "1é", "1.~", "1-~", "1-a", "1-A", "1-.",
      "1--1", "1-1-1", "1:1:1", "1:1-1:1", "0", "00", "000:0", "1.0-1.2.3", "2.30-1", "2.4", "10.0", "9.0",
      "1.0-1_1", "1.0!", "1.0@", "1.0€", "1.0\uD83D\uDE00", "é", "1.0\u00a0", "1.0~é", "1.0é~", "1:1.0~rc1-0ubuntu1",
      "3.0.8-1", "3.0.7-1", "3.0.8-1~deb12u1", "1.2.3+dfsg-1", "1.2.3+dfsg1-1", "1.2.3~dfsg-1", "2:1.2-3",
      "1.0\u000b", "\u000b1:1.0", "\n1:1.0".substring(1));

  @Test
  void dpkg_agreesWithDpkgCompareVersions_onGeneratedAndHandPickedVersions() throws Exception {
    ProcessOracle.requireRuns("dpkg", "dpkg", "--version");
    VersionScheme dpkg = VersionSchemes.dpkg();
    List<String> generated = VersionGenerators.distinct(5612, 150, VersionGenerators::dpkg);
    List<OraclePairs.Pair> pairs = new ArrayList<>(OraclePairs.choose(dpkg, generated, 500, 1));
    pairs.addAll(OraclePairs.choose(dpkg, HAND_PICKED, 250, 2));
    List<String> lines = new ArrayList<>();
    for (OraclePairs.Pair p : pairs) {
      lines.add(p.a());
      lines.add(p.b());
    }
    List<String> answers = ProcessOracle.run(List.of("sh", "-c", SCRIPT), lines);
    assertThat(answers).hasSameSizeAs(pairs);
    List<String> disagreements = new ArrayList<>();
    int invalid = 0;
    for (int i = 0; i < pairs.size(); i++) {
      OraclePairs.Pair p = pairs.get(i);
      String ours = ProcessOracle.ours(dpkg, p.a(), p.b());
      invalid += ours.equals("E") ? 1 : 0;
      if (!ours.equals(answers.get(i))) {
        disagreements.add("'" + p.a() + "' vs '" + p.b() + "': dpkg " + answers.get(i) + ", ours " + ours);
      }
    }
    System.out.printf("oracle dpkg --compare-versions: %d comparisons (%d with an invalid version), %d disagree%n",
        pairs.size(), invalid, disagreements.size());
    assertThat(disagreements).isEmpty();
    assertThat(pairs.size() - invalid).as("comparisons of two valid versions").isGreaterThan(800);
  }
}
