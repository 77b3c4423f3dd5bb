package dev.berth.server.auth;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One requested access scope of the Docker token protocol: {@code repository:acme/app:pull,push},
 * {@code repository(plugin):acme/app:pull} or {@code registry:catalog:*}, in the grammar of
 * <a href="https://distribution.github.io/distribution/spec/auth/scope/">the token scope spec</a>. A scope that
 * breaks the grammar is refused; a well-formed one Berth does not grant (another resource type, an action it does
 * not know) is kept and granted nothing, since asking for more than is allowed is down-scoped, not an error.
 *
 * @param type the resource type without its class: {@code repository}, {@code registry} or another
 * @param name the resource name: a repository name (without the registry's host name), {@code catalog}, ...
 * @param actions the requested actions as written ({@code pull}, {@code push}, {@code delete}, {@code *}, ...)
 */
record Scope(String type, String name, Set<String> actions) {
  /** The most scopes one token request may ask for. */
  static final int MAX_SCOPES = 32;

  static final String REPOSITORY = "repository";
  static final String REGISTRY = "registry";

  private static final int MAX_LENGTH = 1024;
  private static final Pattern TYPE = Pattern.compile("([a-z0-9]+)(?:\\([a-z0-9]+\\))?");
  private static final Pattern ACTION = Pattern.compile("[a-z]+|\\*");

  /** Whether this asks for the catalog. */
  boolean isCatalog() {
    return type.equals(REGISTRY) && name.equals("catalog");
  }

  /** Whether this asks for a repository ({@link #name} is then a valid repository name). */
  boolean isRepository() {
    return type.equals(REPOSITORY);
  }

  /**
   * Parses one scope. A repository name may start with the registry's own host name, as clients that name images
   * {@code host/ns/repo} send it ({@code repository:registry.example.com/acme/app:pull} is {@code acme/app}), as
   * Quay accepts.
   *
   * @param registryHost the registry's host name (and port): {@code SERVER_HOSTNAME}, or the request's host when
   *     none is configured, as for the token audience
   * @throws RegistryException {@code BAD_REQUEST} for a scope outside the grammar (no name, no or empty actions,
   *     a malformed type or action), {@code NAME_INVALID} for a repository scope whose name is not a valid
   *     repository name (upper case, say)
   */
  static Scope parse(String s, String registryHost) {
    int first = s.indexOf(':');
    int last = s.lastIndexOf(':');
    var type = TYPE.matcher(first < 0 ? "" : s.substring(0, first));
    if (s.length() > MAX_LENGTH || last <= first + 1 || !type.matches()) {
      throw malformed(s);
    }
    Set<String> actions = new LinkedHashSet<>();
    for (String action : s.substring(last + 1).split(",", -1)) {
      if (!ACTION.matcher(action).matches()) {
        throw malformed(s);
      }
      actions.add(action);
    }
    String name = s.substring(first + 1, last);
    if (type.group(1).equals(REPOSITORY)) {
      name = withoutHost(name, registryHost);
      if (!RepositoryName.isValid(name)) {
        throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name in scope",
            Map.of("scope", shown(s)));
      }
    }
    return new Scope(type.group(1), name, actions);
  }

  /**
   * Every scope in the values of repeated {@code scope} parameters, each of which may hold several, separated by
   * spaces.
   *
   * @throws RegistryException as {@link #parse} does, for the first malformed one
   */
  static List<Scope> parseAll(List<String> values, String registryHost) {
    List<Scope> scopes = new ArrayList<>();
    for (String value : values) {
      for (String part : value.trim().split("\\s+")) {
        if (part.isEmpty()) {
          continue;
        }
        if (scopes.size() == MAX_SCOPES) {
          // Clients ask for one to three (a push with a cross-repository mount); thousands cost a second each and
          // make a token too large for the request headers that must carry it.
          throw new RegistryException(ErrorCode.BAD_REQUEST, "at most " + MAX_SCOPES + " scopes per token request");
        }
        scopes.add(parse(part, registryHost));
      }
    }
    return scopes;
  }

  private static String withoutHost(String name, String registryHost) {
    String prefix = registryHost + "/";
    boolean prefixed = !registryHost.isEmpty() && name.regionMatches(true, 0, prefix, 0, prefix.length());
    return prefixed ? name.substring(prefix.length()) : name;
  }

  private static RegistryException malformed(String s) {
    return new RegistryException(ErrorCode.BAD_REQUEST,
        "malformed scope: it must be type:name:action[,action...], as repository:namespace/name:pull,push",
        Map.of("scope", shown(s)));
  }

  private static String shown(String s) {
    return s.length() > 128 ? s.substring(0, 128) + "..." : s;
  }
}
