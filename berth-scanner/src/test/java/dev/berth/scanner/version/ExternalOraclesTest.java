package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Further oracles this machine happens to have, each skipped (saying so) where it is missing: rpm 4.18's own
 * {@code rpm.vercmp} (through {@code rpm --eval} Lua), Python's pypa/packaging, and node-semver as npm ships it.
 */
class ExternalOraclesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RPM_LUA = "%{lua: for l in io.stdin:lines() do "
      + "local a, b = l:match(\"^(.-)\\t(.*)$\"); io.stdout:write(rpm.vercmp(a, b), \"\\n\") end}";

  private static final String PACKAGING = """
      import json, sys
      from packaging.version import InvalidVersion, Version
      def parse(s):
          try:
              return Version(s)
          except InvalidVersion:
              return None
      for line in sys.stdin:
          a, b = json.loads(line)
          x, y = parse(a), parse(b)
          if x is None or y is None:
              print("E")
          else:
              print(-1 if x < y else 1 if x > y else 0)
      """;

  private static final String PACKAGING_NORMALIZE = """
      import json, sys
      from packaging.version import InvalidVersion, Version
      for line in sys.stdin:
          try:
              print(json.dumps(str(Version(json.loads(line)))))
          except InvalidVersion:
              print("E")
      """;

  private static final String NODE_SEMVER = """
      const semver = require(process.argv[1]);
      const lines = require('fs').readFileSync(0, 'utf8').split('\\n').filter((l) => l.length > 0);
      const out = lines.map((l) => {
        const [a, b] = JSON.parse(l);
        if (semver.valid(a) === null || semver.valid(b) === null) return 'E';
        return String(semver.compare(a, b));
      });
      process.stdout.write(out.join('\\n') + '\\n');
      """;

  @Test
  void rpm_agreesWithRpmVercmp() throws Exception {
    ProcessOracle.requireRuns("rpm", "rpm", "--eval", "%{lua: print(rpm.vercmp('1', '2'))}");
    VersionScheme rpm = VersionSchemes.rpm();
    List<String> versions = new ArrayList<>(VersionGenerators.distinct(4180, 400, VersionGenerators::rpm));
    versions.addAll(List.of("1", "1-", "1-0", "1-~", "1-^", "0:1", ":1", "1:1", "01:1", "1.0~rc1", "1.0^", "1.0^1",
        "1.0~", "1.0^~", "a:1", "1_0", "1.0", "1..0", "é1", "1é", "99999999999999999999", "099999999999999999999"));
    versions.removeIf(v -> v.isEmpty() || v.contains("\t") || v.contains("\n"));
    List<OraclePairs.Pair> pairs = OraclePairs.choose(rpm, versions, 3000, 3);
    List<String> answers = ProcessOracle.run(List.of("rpm", "--eval", RPM_LUA),
        pairs.stream().map(p -> p.a() + "\t" + p.b()).toList());
    assertAgree("rpm 4.18 rpm.vercmp", rpm, pairs, answers);
  }

  @Test
  void pep440_agreesWithPackaging() throws Exception {
    ProcessOracle.requireRuns("python3 with packaging", "python3", "-c", "import packaging.version");
    VersionScheme pep440 = VersionSchemes.pep440();
    List<String> versions = new ArrayList<>(VersionGenerators.distinct(440, 600, VersionGenerators::pep440Noisy));
    versions.addAll(UpstreamVectorsTest.PACKAGING_VERSIONS);
    List<OraclePairs.Pair> pairs = OraclePairs.choose(pep440, versions, 4000, 4);
    List<String> answers = ProcessOracle.run(List.of("python3", "-c", PACKAGING), json(pairs));
    assertAgree("pypa/packaging", pep440, pairs, answers);
  }

  @Test
  void pep440_validityAndNormalFormAgreeWithPackaging() throws Exception {
    ProcessOracle.requireRuns("python3 with packaging", "python3", "-c", "import packaging.version");
    Pep440VersionScheme pep440 = (Pep440VersionScheme) VersionSchemes.pep440();
    List<String> versions = new ArrayList<>(VersionGenerators.distinct(441, 3000, VersionGenerators::pep440Noisy));
    fixtureStrings().forEach(versions::add);
    List<String> input = new ArrayList<>();
    for (String v : versions) {
      input.add(JSON.writeValueAsString(v));
    }
    List<String> answers = ProcessOracle.run(List.of("python3", "-c", PACKAGING_NORMALIZE), input);
    assertThat(answers).hasSameSizeAs(versions);
    List<String> wrong = new ArrayList<>();
    int valid = 0;
    for (int i = 0; i < versions.size(); i++) {
      String v = versions.get(i);
      String ours = pep440.isValid(v) ? JSON.writeValueAsString(pep440.normalize(v)) : "E";
      valid += ours.equals("E") ? 0 : 1;
      if (!ours.equals(answers.get(i))) {
        wrong.add(JSON.writeValueAsString(v) + ": packaging " + answers.get(i) + ", ours " + ours);
      }
    }
    System.out.printf("oracle pypa/packaging validity and str(): %d versions (%d valid), %d disagree%n",
        versions.size(), valid, wrong.size());
    assertThat(wrong).isEmpty();
  }

  @Test
  void semver_agreesWithNodeSemver() throws Exception {
    Optional<Path> module = Stream.of("/usr/lib/node_modules/npm/node_modules/semver",
        "/usr/local/lib/node_modules/npm/node_modules/semver").map(Path::of).filter(Files::isDirectory).findFirst();
    Assertions.assertTrue(module.isPresent(), "node-semver is not available: install npm (.ci/run does)");
    ProcessOracle.requireRuns("node", "node", "--version");
    VersionScheme semver = VersionSchemes.semver();
    List<String> versions = new ArrayList<>(VersionGenerators.distinct(2000, 500, VersionGenerators::semver));
    versions.addAll(UpstreamVectorsTest.SEMVER_ORG_PRECEDENCE);
    versions.addAll(List.of(" 1.2.3 ", "v1.2.3", "V1.2.3", "=1.2.3", "1.2", "01.2.3", "1.2.3-01", "1.2.3-0a",
        "1.2.3+01", "1.2.3-", "1.2.3+", "1.2.3-a..b", "\u00a01.2.3", "\ufeff1.2.3", "1.2.3\u2028", "vv1.2.3",
        "1.2.3-\u00e9", "1.2.3.4"));
    List<OraclePairs.Pair> pairs = OraclePairs.choose(semver, versions, 3000, 5);
    List<String> answers = ProcessOracle.run(List.of("node", "-e", NODE_SEMVER, module.get().toString()),
        json(pairs));
    assertAgree("node-semver", semver, pairs, answers);
  }

  private static List<String> json(List<OraclePairs.Pair> pairs) throws Exception {
    List<String> lines = new ArrayList<>();
    for (OraclePairs.Pair p : pairs) {
      lines.add(JSON.writeValueAsString(List.of(p.a(), p.b())));
    }
    return lines;
  }

  /** The strings of the PyPI fixture files, when the fixtures are there (legacy versions included). */
  private static Stream<String> fixtureStrings() {
    String dir = System.getProperty("berth.fixtures");
    if (dir == null || dir.isBlank() || dir.startsWith("${")) {
      return Stream.empty();
    }
    Path pypi = Path.of(dir, "versions", "pypi");
    return Stream.of("osv-scalibr-pypi-versions.tsv", "osv-scalibr-pypi-versions-generated.tsv")
        .map(pypi::resolve).filter(Files::isRegularFile)
        .flatMap(f -> Fixtures.tsv(f).stream()).flatMap(row -> Stream.of(row[0], row[1])).distinct();
  }

  private static void assertAgree(String oracle, VersionScheme scheme, List<OraclePairs.Pair> pairs,
      List<String> answers) {
    assertThat(answers.subList(0, Math.min(answers.size(), pairs.size()))).hasSameSizeAs(pairs);
    assertThat(answers.subList(pairs.size(), answers.size())).allMatch(String::isBlank);
    List<String> disagreements = new ArrayList<>();
    int invalid = 0;
    for (int i = 0; i < pairs.size(); i++) {
      OraclePairs.Pair p = pairs.get(i);
      String ours = ProcessOracle.ours(scheme, p.a(), p.b());
      invalid += ours.equals("E") ? 1 : 0;
      if (!ours.equals(answers.get(i).trim()) && disagreements.size() < 30) {
        disagreements.add("'" + p.a() + "' vs '" + p.b() + "': " + oracle + " " + answers.get(i) + ", ours " + ours);
      }
    }
    System.out.printf("oracle %s: %d comparisons (%d with an invalid version), %d disagree%n", oracle,
        pairs.size(), invalid, disagreements.size());
    assertThat(disagreements).isEmpty();
    assertThat(pairs.size() - invalid).as("comparisons of two valid versions").isGreaterThan(pairs.size() / 3);
  }
}
