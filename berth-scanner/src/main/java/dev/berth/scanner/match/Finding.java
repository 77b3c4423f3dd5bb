package dev.berth.scanner.match;

import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.advisory.Advisory;
import dev.berth.scanner.advisory.Affected;
import dev.berth.scanner.advisory.Severity;
import java.util.Objects;
import java.util.Optional;

/**
 * One installed package affected by one advisory.
 *
 * @param pkg the installed package
 * @param advisory the advisory
 * @param affected the advisory entry that matched
 * @param severity the severity that applies (the entry's own, else the advisory's)
 * @param fixedIn the first version that fixes it; empty when no fix is known
 * @param introduced the version the affected interval starts at, when the advisory gives one other than "0"
 */
public record Finding(
    InstalledPackage pkg,
    Advisory advisory,
    Affected affected,
    Severity severity,
    Optional<String> fixedIn,
    Optional<String> introduced) {
  public Finding {
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(advisory, "advisory");
    Objects.requireNonNull(affected, "affected");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(fixedIn, "fixedIn");
    Objects.requireNonNull(introduced, "introduced");
  }
}
