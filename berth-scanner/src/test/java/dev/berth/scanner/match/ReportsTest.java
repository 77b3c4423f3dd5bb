package dev.berth.scanner.match;

import static dev.berth.scanner.advisory.VersionRange.Event.fixed;
import static dev.berth.scanner.advisory.VersionRange.Event.introduced;
import static dev.berth.scanner.match.Advisories.ecosystem;
import static dev.berth.scanner.match.Advisories.lang;
import static dev.berth.scanner.match.Advisories.os;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.advisory.Advisory;
import dev.berth.scanner.advisory.AdvisoryDb;
import dev.berth.scanner.advisory.Affected;
import dev.berth.scanner.advisory.AffectedVersions;
import dev.berth.scanner.advisory.Reference;
import dev.berth.scanner.advisory.ReleaseKey;
import dev.berth.scanner.advisory.Severity;
import dev.berth.scanner.version.VersionSchemes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Clair-shaped JSON and the table rendered from one small report. */
class ReportsTest {
  private VulnerabilityReport report;

  @BeforeEach
  void match() {
    Advisory debian = new Advisory("CVE-2099-1", "debian-security-tracker", List.of(), "", "Overread in X.509.",
        List.of(new Reference("ADVISORY", "https://security-tracker.debian.org/tracker/CVE-2099-1"),
            new Reference("REPORT", "https://bugs.debian.org/1")),
        Optional.empty(), Optional.empty(), Severity.unknown(),
        List.of(new Affected(Ecosystem.DEBIAN,
            Optional.of(ReleaseKey.parse("debian:12")), "openssl", true,
            new AffectedVersions.FixedIn("3.0.8-1"), Optional.of(Severity.ofDebianUrgency("medium")))));
    Advisory maven = new Advisory("GHSA-aaaa", "osv", List.of("CVE-2099-2"), "Lib flaw", "", List.of(),
        Optional.of(Instant.parse("2024-05-01T09:30:00Z")), Optional.empty(),
        Severity.ofCvssVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").orElseThrow(),
        List.of(lang(Ecosystem.MAVEN, "org.example:lib", ecosystem(introduced("2.0"), fixed("2.3.1")))));
    Advisory unfixed = Advisories.advisory("CVE-2099-3",
        os(Ecosystem.DEBIAN, "debian:12", "zlib", new AffectedVersions.Unfixed()));
    List<InstalledPackage> pkgs = List.of(
        new InstalledPackage("libssl3", "3.0.7-1", Ecosystem.DEBIAN, "openssl", "3.0.7-1", "amd64",
            "var/lib/dpkg/status"),
        new InstalledPackage("openssl", "3.0.7-1", Ecosystem.DEBIAN, "openssl", "3.0.7-1", "amd64",
            "var/lib/dpkg/status"),
        InstalledPackage.of("org.example:lib", "2.2", Ecosystem.MAVEN, "app/lib.jar!/META-INF/maven/pom.properties"),
        new InstalledPackage("zlib1g", "1.2.13-1", Ecosystem.DEBIAN, "zlib", "1.2.13-1", "amd64",
            "var/lib/dpkg/status"),
        InstalledPackage.of("curl", "7.88.1-10", Ecosystem.DEBIAN, "var/lib/dpkg/status"));
    Optional<Distribution> dist = Optional.of(new Distribution("debian", "12", "bookworm", "Debian GNU/Linux",
        "Debian GNU/Linux 12 (bookworm)", ""));
    report = new Matcher(DottedNumeric.forAllKinds())
        .match("sha256:abc", pkgs, dist, AdvisoryDb.of(List.of(debian, maven, unfixed)));
  }

  @Test
  void clairJson_hasTheVulnerabilityReportMembers_andSharesVulnerabilitiesBetweenPackages() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ClairReportJson.write(report, out);
    JsonNode json = new ObjectMapper().readTree(out.toByteArray());

    assertThat(json.properties()).extracting(e -> e.getKey()).containsExactly("manifest_hash", "packages",
        "distributions", "repository", "environments", "vulnerabilities", "package_vulnerabilities", "enrichments");
    assertThat(json.get("manifest_hash").asText()).isEqualTo("sha256:abc");
    assertThat(json.get("packages").size()).isEqualTo(5);
    JsonNode libssl = json.at("/packages/1");
    assertThat(libssl.get("name").asText()).isEqualTo("libssl3");
    assertThat(libssl.get("kind").asText()).isEqualTo("binary");
    assertThat(libssl.at("/source/name").asText()).isEqualTo("openssl");
    assertThat(libssl.at("/source/kind").asText()).isEqualTo("source");
    assertThat(libssl.at("/source/id").asText()).isEqualTo(json.at("/packages/2/source/id").asText());
    assertThat(json.at("/packages/3/source").isMissingNode()).isTrue();
    assertThat(json.at("/distributions/1/did").asText()).isEqualTo("debian");
    assertThat(json.at("/distributions/1/version_id").asText()).isEqualTo("12");
    assertThat(json.at("/environments/1/0/package_db").asText()).isEqualTo("var/lib/dpkg/status");
    assertThat(json.at("/environments/1/0/distribution_id").asText()).isEqualTo("1");
    assertThat(json.at("/environments/3/0/distribution_id").asText()).isEmpty();

    assertThat(json.at("/package_vulnerabilities/1")).isEqualTo(json.at("/package_vulnerabilities/2"));
    assertThat(json.at("/package_vulnerabilities/5").isMissingNode()).isTrue();
    JsonNode tracker = json.at("/vulnerabilities/" + json.at("/package_vulnerabilities/1/0").asText());
    assertThat(tracker.get("name").asText()).isEqualTo("CVE-2099-1");
    assertThat(tracker.get("updater").asText()).isEqualTo("debian-security-tracker");
    assertThat(tracker.get("severity").asText()).isEqualTo("medium");
    assertThat(tracker.get("normalized_severity").asText()).isEqualTo("High");
    assertThat(tracker.get("fixed_in_version").asText()).isEqualTo("3.0.8-1");
    assertThat(tracker.get("links").asText())
        .isEqualTo("https://security-tracker.debian.org/tracker/CVE-2099-1 https://bugs.debian.org/1");
    assertThat(tracker.get("issued").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(tracker.at("/package/name").asText()).isEqualTo("openssl");
    assertThat(tracker.at("/package/kind").asText()).isEqualTo("source");
    assertThat(tracker.at("/distribution/did").asText()).isEqualTo("debian");
    assertThat(tracker.at("/distribution/version_id").asText()).isEqualTo("12");

    JsonNode ghsa = json.at("/vulnerabilities/" + json.at("/package_vulnerabilities/3/0").asText());
    assertThat(ghsa.get("normalized_severity").asText()).isEqualTo("Critical");
    assertThat(ghsa.get("severity").asText()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assertThat(ghsa.get("issued").asText()).isEqualTo("2024-05-01T09:30:00Z");
    assertThat(ghsa.get("description").asText()).isEqualTo("Lib flaw");
    assertThat(ghsa.at("/repository/name").asText()).isEqualTo("maven");
    assertThat(ghsa.at("/distribution").isMissingNode()).isTrue();

    JsonNode zlib = json.at("/vulnerabilities/" + json.at("/package_vulnerabilities/4/0").asText());
    assertThat(zlib.get("fixed_in_version").asText()).isEmpty();
    assertThat(json.get("vulnerabilities").size()).isEqualTo(3);
    assertThat(json.get("enrichments").size()).isZero();
  }

  @Test
  void clairJson_writesNoRange_soClaircoreClientsDecodeVersionsWithAnEpoch() {
    // Regression: {"range":{")":"1:2.66-5"}} made clairctl fail, as claircore's Range holds Version values whose
    // JSON form is "kind:n.n.n". The fix stays in fixed_in_version.
    Advisory glib = Advisories.advisory("CVE-2099-4",
        os(Ecosystem.DEBIAN, "debian:12", "glib2.0", new AffectedVersions.FixedIn("1:2.66-5")));
    InstalledPackage lib = new InstalledPackage("libglib2.0-0", "1:2.66-4", Ecosystem.DEBIAN, "glib2.0",
        "1:2.66-4", "amd64", "var/lib/dpkg/status");
    VulnerabilityReport epoch = new Matcher(VersionSchemes::of).match("sha256:abc", List.of(lib),
        report.distribution(), AdvisoryDb.of(List.of(glib)));

    JsonNode json = ClairReportJson.toJson(epoch);

    assertThat(json.at("/vulnerabilities/1/fixed_in_version").asText()).isEqualTo("1:2.66-5");
    assertThat(json.get("vulnerabilities").findValues("range")).isEmpty();
    assertThat(ClairReportJson.toJson(report).get("vulnerabilities").findValues("range")).isEmpty();
  }

  @Test
  void clairJson_osVulnerability_namesTheImagesDistributionWithNameAndVersion() {
    JsonNode json = ClairReportJson.toJson(report);
    JsonNode dist = json.at("/vulnerabilities/" + json.at("/package_vulnerabilities/1/0").asText() + "/distribution");

    assertThat(dist).isEqualTo(json.at("/distributions/1"));
    assertThat(dist.get("id").asText()).isEqualTo("1");
    assertThat(dist.get("name").asText()).isEqualTo("Debian GNU/Linux");
    assertThat(dist.get("version").asText()).isEqualTo("12 (bookworm)");
    assertThat(dist.get("version_code_name").asText()).isEqualTo("bookworm");
    assertThat(dist.get("pretty_name").asText()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
    assertThat(dist.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("id", "did", "name",
        "version", "version_code_name", "version_id", "arch", "cpe", "pretty_name");
  }

  @Test
  void clairJson_languageVulnerability_refersToARepositoryTheReportLists() {
    // Regression: the vulnerability named a "maven" repository with no id while the report's map was empty.
    JsonNode json = ClairReportJson.toJson(report);
    JsonNode ghsa = json.at("/vulnerabilities/" + json.at("/package_vulnerabilities/3/0").asText());
    String repoId = ghsa.at("/repository/id").asText();

    assertThat(repoId).isNotEmpty();
    assertThat(ghsa.get("repository")).isEqualTo(json.at("/repository/" + repoId));
    assertThat(json.at("/repository/" + repoId + "/uri").asText()).isEqualTo("https://repo1.maven.apache.org/maven2");
    assertThat(json.get("repository").size()).isEqualTo(1);
    assertThat(json.at("/environments/3/0/repository_ids/0").asText()).isEqualTo(repoId);
    assertThat(json.at("/environments/1/0/repository_ids").isEmpty()).isTrue();
  }

  @Test
  void table_listsPackageVersionAdvisorySeverityAndFix_gravestFirst() {
    assertThat(TableReport.render(report)).isEqualTo("""
        PACKAGE          INSTALLED  ADVISORY    SEVERITY  FIXED-IN
        org.example:lib  2.2        GHSA-aaaa   Critical  2.3.1
        libssl3          3.0.7-1    CVE-2099-1  High      3.0.8-1
        openssl          3.0.7-1    CVE-2099-1  High      3.0.8-1
        zlib1g           1.2.13-1   CVE-2099-3  Unknown   (none)
        4 vulnerabilities in 4 packages (of 5 scanned).
        """);
  }

  @Test
  void table_saysSoWhenNothingIsAffected() {
    VulnerabilityReport clean = new VulnerabilityReport("", report.packages(), Optional.empty(), List.of(),
        List.of());
    assertThat(TableReport.render(clean)).isEqualTo("No known vulnerabilities in 5 packages.\n");
  }

  @Test
  void table_ofOneCleanPackage_saysPackageInTheSingular() {
    // Regression: "No known vulnerabilities in 1 packages."
    VulnerabilityReport one = new VulnerabilityReport("", report.packages().subList(0, 1), Optional.empty(),
        List.of(), List.of());
    assertThat(TableReport.render(one)).isEqualTo("No known vulnerabilities in 1 package.\n");
  }
}
