package dev.berth.server.access;

import dev.berth.oci.RepositoryName;
import dev.berth.server.db.Database;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Quay's access model over the metadata database. On an existing repository: public repositories may be pulled by
 * anyone (anonymous callers too when anonymous access is on); a user administers the repositories of its own
 * namespace; members of an organisation's admin teams administer all of its repositories; otherwise the best of
 * the roles held on the repository by the account and its teams applies (read → pull; write → pull, push,
 * delete; admin → the same plus administration). A repository that does not exist yet may be pushed to by the
 * user whose namespace it is in, and by members of an organisation's admin and creator teams. Superusers may do
 * everything. Robots hold only what is granted to them or their teams. A disabled account may do nothing, whatever
 * it holds.
 */
public final class DatabaseAccessPolicy implements AccessPolicy, RepositoryCreationHook {
  private static final Set<Action> ALL = EnumSet.allOf(Action.class);
  private static final Set<Action> CREATE = EnumSet.of(Action.PULL, Action.PUSH);

  private final Database db;
  private final boolean anonymousAccess;

  /**
   * @param anonymousAccess {@code FEATURE_ANONYMOUS_ACCESS}: whether anonymous callers may pull public repositories
   */
  public DatabaseAccessPolicy(Database db, boolean anonymousAccess) {
    this.db = db;
    this.anonymousAccess = anonymousAccess;
  }

  private record RepoFacts(long id, long namespaceId, boolean isPublic) {}

  private record Namespace(long id, String kind) {}

  @Override
  public Set<Action> allowed(Principal principal, RepositoryName repository) {
    if (principal.grants().isPresent()) {
      return principal.granted(repository);
    }
    return db.read(h -> mayAct(h, principal) ? actions(h, principal, repository) : EnumSet.noneOf(Action.class));
  }

  /** One read and one look at the account for the whole list (a catalog page), not one per repository. */
  @Override
  public List<RepositoryName> pullable(Principal principal, List<RepositoryName> repositories) {
    if (principal.grants().isPresent()) {
      return AccessPolicy.super.pullable(principal, repositories);
    }
    return db.read(h -> !mayAct(h, principal) ? List.<RepositoryName>of() : repositories.stream()
        .filter(r -> actions(h, principal, r).contains(Action.PULL)).toList());
  }

  // A principal decided live may come from a token issued before its account was disabled (the catalog).
  private static boolean mayAct(Handle h, Principal principal) {
    return principal.isAnonymous() || enabled(h, principal.accountId());
  }

  private Set<Action> actions(Handle h, Principal principal, RepositoryName repository) {
    if (principal.superuser()) {
      return superuserMay(h, repository) ? ALL : EnumSet.noneOf(Action.class);
    }
    return decide(h, principal, repository);
  }

  private static boolean enabled(Handle h, long accountId) {
    return h.createQuery("SELECT enabled FROM account WHERE id = :id")
        .bind("id", accountId)
        .mapTo(Integer.class)
        .findOne()
        .map(enabled -> enabled != 0)
        .orElse(false);
  }

  /**
   * A superuser may do everything to every repository, and create one anywhere but in a namespace that does not
   * exist: as in Quay, namespaces are made by creating users and organisations, never by a push. (A namespace made
   * by a push could later be claimed by a new user of that name, who would inherit what the superuser pushed.)
   */
  private static boolean superuserMay(Handle h, RepositoryName repository) {
    if (!repository.hasNamespace()) {
      return true;
    }
    return h.createQuery("""
            SELECT COUNT(*) FROM repository WHERE name = :repo
            UNION ALL SELECT COUNT(*) FROM namespace WHERE name = :ns
            """)
        .bind("repo", repository.value())
        .bind("ns", repository.namespace())
        .mapTo(Integer.class)
        .list().stream().anyMatch(n -> n > 0);
  }

  private Set<Action> decide(Handle h, Principal p, RepositoryName repository) {
    Optional<RepoFacts> repo = h.createQuery("""
            SELECT id, namespace_id, visibility FROM repository WHERE name = :name
            """)
        .bind("name", repository.value())
        .map((rs, ctx) -> new RepoFacts(rs.getLong("id"), rs.getLong("namespace_id"),
            "public".equals(rs.getString("visibility"))))
        .findOne();
    if (repo.isEmpty()) {
      return mayCreate(h, p, repository) ? CREATE : EnumSet.noneOf(Action.class);
    }
    Set<Action> actions = EnumSet.noneOf(Action.class);
    if (repo.get().isPublic() && (anonymousAccess || !p.isAnonymous())) {
      actions.add(Action.PULL);
    }
    if (p.isAnonymous()) {
      return actions;
    }
    if (ownsNamespace(h, p, repo.get().namespaceId()) || isOrgAdmin(h, p, repo.get().namespaceId())) {
      return ALL;
    }
    List<String> roles = h.createQuery("""
            SELECT role FROM repository_permission
            WHERE repository_id = :repo
              AND (account_id = :account
                   OR team_id IN (SELECT team_id FROM team_member WHERE account_id = :account))
            """)
        .bind("repo", repo.get().id())
        .bind("account", p.accountId())
        .mapTo(String.class)
        .list();
    if (roles.contains("admin") || roles.contains("write")) {
      return ALL;
    }
    if (roles.contains("read")) {
      actions.add(Action.PULL);
    }
    return actions;
  }

  private boolean mayCreate(Handle h, Principal p, RepositoryName repository) {
    if (p.isAnonymous() || !repository.hasNamespace()) {
      return false;
    }
    Optional<Namespace> ns = h.createQuery("SELECT id, kind FROM namespace WHERE name = :name")
        .bind("name", repository.namespace())
        .map((rs, ctx) -> new Namespace(rs.getLong("id"), rs.getString("kind")))
        .findOne();
    if (ns.isEmpty()) {
      return false;
    }
    if (ns.get().kind().equals("user")) {
      return ownsNamespace(h, p, ns.get().id());
    }
    return ns.get().kind().equals("org") && teamRoleIn(h, p, ns.get().id(), List.of("admin", "creator"));
  }

  private static boolean ownsNamespace(Handle h, Principal p, long namespaceId) {
    if (p.kind() != Principal.Kind.USER) {
      return false;
    }
    return h.createQuery("SELECT COUNT(*) FROM account WHERE id = :id AND namespace_id = :ns AND kind = 'user'")
        .bind("id", p.accountId())
        .bind("ns", namespaceId)
        .mapTo(Integer.class)
        .one() > 0;
  }

  private static boolean isOrgAdmin(Handle h, Principal p, long namespaceId) {
    return teamRoleIn(h, p, namespaceId, List.of("admin"));
  }

  private static boolean teamRoleIn(Handle h, Principal p, long organizationId, List<String> roles) {
    return h.createQuery("""
            SELECT COUNT(*) FROM team t JOIN team_member m ON m.team_id = t.id
            WHERE t.organization_id = :org AND m.account_id = :account AND t.role IN (<roles>)
            """)
        .bind("org", organizationId)
        .bind("account", p.accountId())
        .bindList("roles", roles)
        .mapTo(Integer.class)
        .one() > 0;
  }

  /**
   * Quay's rules for a new repository: an organisation's default permissions are granted on it, and a creator who
   * is not an organisation admin receives admin on it.
   */
  @Override
  public void created(Handle h, long repositoryId, RepositoryName name, Principal creator) {
    Optional<Long> namespaceId = h.createQuery("SELECT namespace_id FROM repository WHERE id = :id")
        .bind("id", repositoryId)
        .mapTo(Long.class)
        .findOne();
    if (namespaceId.isEmpty()) {
      return;
    }
    h.createUpdate("""
            INSERT INTO repository_permission (repository_id, account_id, team_id, role)
            SELECT :repo, account_id, team_id, role FROM default_permission WHERE organization_id = :org
            """)
        .bind("repo", repositoryId)
        .bind("org", namespaceId.get())
        .execute();
    if (!creator.isAnonymous() && !ownsNamespace(h, creator, namespaceId.get())
        && !isOrgAdmin(h, creator, namespaceId.get())) {
      h.createUpdate("""
              INSERT INTO repository_permission (repository_id, account_id, team_id, role)
              VALUES (:repo, :account, NULL, 'admin')
              """)
          .bind("repo", repositoryId)
          .bind("account", creator.accountId())
          .execute();
    }
  }
}
