package dev.berth.scanner.match;

import static dev.berth.scanner.advisory.VersionRange.Event.introduced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.advisory.Advisory;
import dev.berth.scanner.advisory.AdvisoryDb;
import dev.berth.scanner.advisory.Affected;
import dev.berth.scanner.advisory.AffectedVersions;
import dev.berth.scanner.advisory.Severity;
import dev.berth.scanner.version.VersionSchemes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One flaw, two records of one OSV feed (PyPI's GHSA and PYSEC twins): one finding. */
class AliasedFindingsTest {
  private static final String GHSA = """
      {"schema_version": "1.4.0", "id": "GHSA-8q59-q68h-6hv4", "modified": "2024-02-01T00:00:00Z",
       "published": "2021-03-19T00:00:00Z", "aliases": ["CVE-2020-14343"],
       "summary": "Improper Input Validation in PyYAML",
       "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
       "affected": [{"package": {"ecosystem": "PyPI", "name": "PyYAML"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.4"}]}]}],
       "database_specific": {"severity": "CRITICAL"}}
      """;
  private static final String PYSEC = """
      {"id": "PYSEC-2021-142", "modified": "2021-08-27T03:22:18Z", "published": "2021-02-09T21:15:00Z",
       "aliases": ["CVE-2020-14343", "%s"],
       "details": "A vulnerability was discovered in the PyYAML library in versions before 5.4.",
       "affected": [{"package": {"ecosystem": "PyPI", "name": "pyyaml"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.4"}]}]}]}
      """;
  private static final InstalledPackage PYYAML = InstalledPackage.of("pyyaml", "5.3.1", Ecosystem.PYPI,
      "usr/lib/python3/dist-packages/PyYAML-5.3.1.dist-info/METADATA");

  @TempDir
  Path dir;

  private List<Finding> match(String... records) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      files.add(Files.writeString(dir.resolve(i + ".json"), records[i]));
    }
    return new Matcher(VersionSchemes::of).match(List.of(PYYAML), Optional.empty(), AdvisoryDb.load(files))
        .findings();
  }

  @Test
  void twoOsvRecordsNamingEachOther_areOneFinding_theOneWithACvssVector() throws IOException {
    // Regression: PyPI's all.zip has GHSA-8q59-q68h-6hv4 and PYSEC-2021-142 for this flaw; both were reported.
    List<Finding> found = match(PYSEC.formatted("GHSA-8q59-q68h-6hv4"), GHSA);

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.advisory().id()).isEqualTo("GHSA-8q59-q68h-6hv4");
      assertThat(f.advisory().aliases()).containsExactly("CVE-2020-14343", "PYSEC-2021-142");
      assertThat(f.severity().normalized().clairName()).isEqualTo("Critical");
      assertThat(f.fixedIn()).hasValue("5.4");
    });
  }

  @Test
  void twoOsvRecordsSharingOnlyACve_areOneFinding() throws IOException {
    List<Finding> found = match(GHSA, PYSEC.formatted("CVE-2020-14343"));

    assertThat(found).extracting(f -> f.advisory().id()).containsExactly("GHSA-8q59-q68h-6hv4");
    assertThat(found.get(0).advisory().aliases()).contains("PYSEC-2021-142");
  }

  @Test
  void osvRecordsOfDifferentFlaws_areReportedApart() throws IOException {
    String other = PYSEC.formatted("CVE-2017-18342").replace("PYSEC-2021-142", "PYSEC-2018-49")
        .replace("\"CVE-2020-14343\", ", "");

    assertThat(match(GHSA, other)).extracting(f -> f.advisory().id())
        .containsExactlyInAnyOrder("GHSA-8q59-q68h-6hv4", "PYSEC-2018-49");
  }

  @Test
  void recordsOfOneFlawFromDifferentFeeds_areBothKept() {
    Advisory osv = new Advisory("GHSA-x", "osv", List.of("CVE-2099-9"), "", "", List.of(), Optional.empty(),
        Optional.empty(), Severity.unknown(), List.of(Advisories.lang(Ecosystem.PYPI, "pyyaml",
            Advisories.ecosystem(introduced("0")))));
    Advisory other = new Advisory("CVE-2099-9", "another-feed", List.of(), "", "", List.of(), Optional.empty(),
        Optional.empty(), Severity.unknown(), List.of(new Affected(Ecosystem.PYPI,
            Optional.empty(), "pyyaml", false, new AffectedVersions.Unfixed(), Optional.empty())));

    List<Finding> found = new Matcher(VersionSchemes::of).match(List.of(PYYAML), Optional.empty(),
        AdvisoryDb.of(List.of(osv, other))).findings();

    assertThat(found).extracting(f -> f.advisory().id()).containsExactlyInAnyOrder("GHSA-x", "CVE-2099-9");
  }
}
