package dev.berth.scanner;

import java.util.Objects;
import java.util.Optional;

/**
 * The public registry a language package is taken to come from, as claircore's indexers record it in a
 * Clair report's {@code repository} objects (its Java, Python, Node.js and Go scanners). OS packages have none:
 * their distribution stands in for it.
 *
 * @param name claircore's repository name ({@code maven}, {@code pypi}, {@code npm}, {@code go})
 * @param uri the registry's URI, as claircore writes it
 */
public record PackageRepository(String name, String uri) {
  public PackageRepository {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uri, "uri");
    if (name.isBlank() || uri.isBlank()) {
      throw new IllegalArgumentException("repository name and uri must not be blank");
    }
  }

  /** The repository of {@code ecosystem}'s packages; empty for operating-system ecosystems. */
  public static Optional<PackageRepository> of(Ecosystem ecosystem) {
    return switch (Objects.requireNonNull(ecosystem, "ecosystem")) {
      case MAVEN -> Optional.of(new PackageRepository("maven", "https://repo1.maven.apache.org/maven2"));
      case PYPI -> Optional.of(new PackageRepository("pypi", "https://pypi.org/simple"));
      case NPM -> Optional.of(new PackageRepository("npm", "https://registry.npmjs.org/"));
      case GO -> Optional.of(new PackageRepository("go", "https://pkg.go.dev/"));
      case DEBIAN, ALPINE, RPM -> Optional.empty();
    };
  }
}
