package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageFindersTest {

  @Test
  void all_listsEachFinderOnceWithStableNames() {
    assertThat(LanguageFinders.all()).extracting(PackageFinder::name)
        .containsExactly("java", "python", "npm", "go");
  }

  @ParameterizedTest
  @CsvSource({
      "opt/app/app.jar, 0755, java",
      "usr/lib/python3/dist-packages/x-1.dist-info/METADATA, 0755, python",
      "usr/lib/node_modules/npm/package.json, 0755, npm",
      "usr/bin/skopeo, 0755, go",
      "usr/share/doc/README, 0644, ''",
      "app/package.json, 0644, ''",
  })
  void firstWantingFinder_isTheRightOne(String path, String mode, String expected) {
    LayerEntry entry = new LayerEntry(path, 1000, Integer.parseInt(mode, 8));

    Optional<String> first = LanguageFinders.all().stream().filter(f -> f.wants(entry)).map(PackageFinder::name)
        .findFirst();

    assertThat(first.orElse("")).isEqualTo(expected);
  }

  @Test
  void all_isImmutable() {
    List<PackageFinder> finders = LanguageFinders.all();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> finders.add(new GoBinaryFinder()))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
