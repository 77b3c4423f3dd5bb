package dev.berth.server.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Namespaces and accounts. */
final class IdentityStore {
  /** A namespace row. */
  record NamespaceRow(long id, String name, String kind) {}

  private final Set<String> superUsers;

  IdentityStore(Set<String> superUsers) {
    this.superUsers = Set.copyOf(superUsers);
  }

  Optional<NamespaceRow> namespace(Handle h, String name) {
    return h.createQuery("SELECT id, name, kind FROM namespace WHERE name = :name")
        .bind("name", name)
        .map((rs, ctx) -> new NamespaceRow(rs.getLong("id"), rs.getString("name"), rs.getString("kind")))
        .findOne();
  }

  long insertNamespace(Handle h, String name, String kind, long nowMs) {
    return h.createUpdate("INSERT INTO namespace (name, kind, created_ms) VALUES (:name, :kind, :now)")
        .bind("name", name)
        .bind("kind", kind)
        .bind("now", nowMs)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  void setNamespaceKind(Handle h, long id, String kind) {
    h.createUpdate("UPDATE namespace SET kind = :kind WHERE id = :id").bind("kind", kind).bind("id", id).execute();
  }

  long insertAccount(Handle h, long namespaceId, Account.Kind kind, String name, String email, String secretHash,
      boolean superuser, long nowMs) {
    return h.createUpdate("""
            INSERT INTO account (namespace_id, kind, name, email, secret_hash, enabled, superuser,
                                 credential_version, created_ms)
            VALUES (:ns, :kind, :name, :email, :secret, 1, :superuser, 1, :now)
            """)
        .bind("ns", namespaceId)
        .bind("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
        .bind("name", name)
        .bind("email", email)
        .bind("secret", secretHash)
        .bind("superuser", superuser ? 1 : 0)
        .bind("now", nowMs)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  Optional<Account> account(Handle h, String name) {
    return h.createQuery(SELECT_ACCOUNT + " WHERE name = :name")
        .bind("name", name)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  Optional<Account> account(Handle h, long id) {
    return h.createQuery(SELECT_ACCOUNT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> row(rs)).findOne();
  }

  Optional<String> secretHash(Handle h, long accountId) {
    return h.createQuery("SELECT secret_hash FROM account WHERE id = :id")
        .bind("id", accountId)
        .mapTo(String.class)
        .findOne();
  }

  List<Account> accounts(Handle h, Account.Kind kind) {
    return h.createQuery(SELECT_ACCOUNT + " WHERE kind = :kind ORDER BY name")
        .bind("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
        .map((rs, ctx) -> row(rs))
        .list();
  }

  long countUsers(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM account WHERE kind = 'user'").mapTo(Long.class).one();
  }

  /** Replaces an account's secret and bumps its credential version, which revokes refresh tokens. */
  void setSecret(Handle h, long accountId, String secretHash) {
    h.createUpdate("""
            UPDATE account SET secret_hash = :secret, credential_version = credential_version + 1 WHERE id = :id
            """)
        .bind("secret", secretHash)
        .bind("id", accountId)
        .execute();
  }

  void setEnabled(Handle h, long accountId, boolean enabled) {
    h.createUpdate("""
            UPDATE account SET enabled = :enabled, credential_version = credential_version + 1 WHERE id = :id
            """)
        .bind("enabled", enabled ? 1 : 0)
        .bind("id", accountId)
        .execute();
  }

  void setSuperuser(Handle h, long accountId, boolean superuser) {
    h.createUpdate("UPDATE account SET superuser = :superuser WHERE id = :id")
        .bind("superuser", superuser ? 1 : 0)
        .bind("id", accountId)
        .execute();
  }

  private static final String SELECT_ACCOUNT = """
      SELECT id, namespace_id, kind, name, email, enabled, superuser, credential_version FROM account""";

  private Account row(ResultSet rs) throws SQLException {
    String name = rs.getString("name");
    Account.Kind kind = Account.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT));
    boolean superuser = rs.getInt("superuser") != 0 || (kind == Account.Kind.USER && superUsers.contains(name));
    return new Account(rs.getLong("id"), rs.getLong("namespace_id"), kind, name,
        Optional.ofNullable(rs.getString("email")), rs.getInt("enabled") != 0, superuser,
        rs.getLong("credential_version"));
  }
}
