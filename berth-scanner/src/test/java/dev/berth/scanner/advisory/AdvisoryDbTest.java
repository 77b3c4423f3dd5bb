package dev.berth.scanner.advisory;

import static dev.berth.scanner.advisory.VersionRange.Event.fixed;
import static dev.berth.scanner.advisory.VersionRange.Event.introduced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvisoryDbTest {
  private static final Optional<ReleaseKey> BOOKWORM = Optional.of(new ReleaseKey("debian", "12"));

  private static Advisory advisory(String id, Affected... affected) {
    return new Advisory(id, "test", List.of(), "", "", List.of(), Optional.empty(), Optional.empty(),
        Severity.unknown(), List.of(affected));
  }

  private static Affected lang(Ecosystem eco, String name) {
    return new Affected(eco, Optional.empty(), name, false, AffectedVersions.Ranges.of(
        VersionRange.of(VersionRange.Type.ECOSYSTEM, introduced("0"), fixed("9"))), Optional.empty());
  }

  @Test
  void candidates_areFoundByEcosystemReleaseAndName_only() {
    Affected bookworm = new Affected(Ecosystem.DEBIAN, BOOKWORM, "openssl", true,
        new AffectedVersions.FixedIn("3.0.8-1"), Optional.empty());
    Affected bullseye = new Affected(Ecosystem.DEBIAN, Optional.of(new ReleaseKey("debian", "11")), "openssl",
        true, new AffectedVersions.Unfixed(), Optional.empty());
    Advisory a = advisory("CVE-1", bookworm, bullseye);
    AdvisoryDb db = AdvisoryDb.of(List.of(a, advisory("CVE-2", lang(Ecosystem.NPM, "openssl"))));

    assertThat(db.candidates(Ecosystem.DEBIAN, BOOKWORM, "openssl"))
        .containsExactly(new AdvisoryDb.Candidate(a, bookworm));
    assertThat(db.candidates(Ecosystem.DEBIAN, Optional.of(new ReleaseKey("debian", "13")), "openssl")).isEmpty();
    assertThat(db.candidates(Ecosystem.ALPINE, BOOKWORM, "openssl")).isEmpty();
    assertThat(db.candidates(Ecosystem.DEBIAN, BOOKWORM, "libssl3")).isEmpty();
    assertThat(db.size()).isEqualTo(2);
  }

  @Test
  void pypiNames_compareAsPep503Says() {
    Advisory a = advisory("PYSEC-1", lang(Ecosystem.PYPI, "Django_REST.framework"));
    AdvisoryDb db = AdvisoryDb.of(List.of(a));
    assertThat(db.candidates(Ecosystem.PYPI, Optional.empty(), "django-rest-framework")).hasSize(1);
    assertThat(db.candidates(Ecosystem.PYPI, Optional.empty(), "DJANGO__rest--Framework")).hasSize(1);
    assertThat(AdvisoryDb.normalise(Ecosystem.NPM, "Left_Pad")).isEqualTo("Left_Pad");
  }

  @Test
  void load_readsEveryFile_inOrder_withOneSummaryEach() throws IOException {
    AdvisoryDb db = AdvisoryDb.load(List.of(Resources.path("alpine-secdb.json"), Resources.path("osv-record.json"),
        Resources.path("debian-tracker.json")));
    List<Advisory> expected = new ArrayList<>();
    for (String f : List.of("alpine-secdb.json", "osv-record.json", "debian-tracker.json")) {
      Feeds.read(Resources.path(f), expected::add);
    }
    assertThat(db.advisories()).isEqualTo(expected);
    assertThat(db.sources()).extracting(FeedSummary::kind)
        .containsExactly(FeedKind.ALPINE_SECDB, FeedKind.OSV_RECORD, FeedKind.DEBIAN_TRACKER);
  }
}
