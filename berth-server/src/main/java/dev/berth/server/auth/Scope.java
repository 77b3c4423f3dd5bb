package dev.berth.server.auth;

import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One requested access scope of the Docker token protocol: {@code repository:acme/app:pull,push},
 * {@code repository(plugin):acme/app:pull} or {@code registry:catalog:*}.
 *
 * @param type {@code repository} or {@code registry}
 * @param name the repository name, or {@code catalog}
 * @param actions the requested actions as written ({@code pull}, {@code push}, {@code delete}, {@code *})
 */
record Scope(String type, String name, Set<String> actions) {
  static final String REPOSITORY = "repository";
  static final String REGISTRY = "registry";

  /** Parses one scope; empty for anything malformed or of a type Berth does not grant. */
  static Optional<Scope> parse(String s) {
    int first = s.indexOf(':');
    int last = s.lastIndexOf(':');
    if (first <= 0 || last <= first + 1 || last == s.length() - 1 || s.length() > 1024) {
      return Optional.empty();
    }
    String type = s.substring(0, first);
    int paren = type.indexOf('(');
    if (paren > 0 && type.endsWith(")")) {
      type = type.substring(0, paren); // a resource class such as repository(plugin)
    }
    String name = s.substring(first + 1, last);
    Set<String> actions = new LinkedHashSet<>();
    for (String a : s.substring(last + 1).split(",")) {
      if (!a.isBlank()) {
        actions.add(a.trim());
      }
    }
    boolean valid = switch (type) {
      case REPOSITORY -> RepositoryName.isValid(name);
      case REGISTRY -> name.equals("catalog");
      default -> false;
    };
    return valid && !actions.isEmpty() ? Optional.of(new Scope(type, name, actions)) : Optional.empty();
  }

  /** Every scope in the values of repeated {@code scope} parameters, each of which may hold several, space-separated. */
  static List<Scope> parseAll(List<String> values) {
    List<Scope> scopes = new ArrayList<>();
    for (String value : values) {
      for (String part : value.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          parse(part).ifPresent(scopes::add);
        }
      }
    }
    return scopes;
  }
}
