package dev.berth.server.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Teams, repository permissions, default permissions, app tokens and the audit log. */
final class GrantStore {
  /** An app-specific token row: the token and the hash of its secret. */
  record AppTokenRow(AppToken token, String tokenHash) {}

  private static final String SELECT_APP_TOKEN = """
      SELECT id, account_id, title, token_hash, created_ms, expires_ms, last_used_ms, revoked_ms FROM app_token""";

  Optional<Long> team(Handle h, long organizationId, String name) {
    return h.createQuery("SELECT id FROM team WHERE organization_id = :org AND name = :name")
        .bind("org", organizationId)
        .bind("name", name)
        .mapTo(Long.class)
        .findOne();
  }

  long insertTeam(Handle h, long organizationId, String name, TeamRole role, long nowMs) {
    return h.createUpdate("""
            INSERT INTO team (organization_id, name, role, created_ms) VALUES (:org, :name, :role, :now)
            """)
        .bind("org", organizationId)
        .bind("name", name)
        .bind("role", role.value())
        .bind("now", nowMs)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  void addMember(Handle h, long teamId, long accountId) {
    boolean present = h.createQuery("SELECT COUNT(*) FROM team_member WHERE team_id = :t AND account_id = :a")
        .bind("t", teamId).bind("a", accountId).mapTo(Integer.class).one() > 0;
    if (!present) {
      h.createUpdate("INSERT INTO team_member (team_id, account_id) VALUES (:t, :a)")
          .bind("t", teamId).bind("a", accountId).execute();
    }
  }

  /** Sets the role an account or a team holds on a repository (exactly one of the two ids is non-null). */
  void setPermission(Handle h, long repositoryId, Long accountId, Long teamId, Role role) {
    String holder = accountId != null ? "account_id" : "team_id";
    h.createUpdate("DELETE FROM repository_permission WHERE repository_id = :repo AND " + holder + " = :holder")
        .bind("repo", repositoryId)
        .bind("holder", accountId != null ? accountId : teamId)
        .execute();
    h.createUpdate("""
            INSERT INTO repository_permission (repository_id, account_id, team_id, role)
            VALUES (:repo, :account, :team, :role)
            """)
        .bind("repo", repositoryId)
        .bind("account", accountId)
        .bind("team", teamId)
        .bind("role", role.value())
        .execute();
  }

  void addDefaultPermission(Handle h, long organizationId, Long accountId, Long teamId, Role role) {
    h.createUpdate("""
            INSERT INTO default_permission (organization_id, account_id, team_id, role)
            VALUES (:org, :account, :team, :role)
            """)
        .bind("org", organizationId)
        .bind("account", accountId)
        .bind("team", teamId)
        .bind("role", role.value())
        .execute();
  }

  long insertAppToken(Handle h, long accountId, String title, String prefix, String hash, long nowMs,
      Long expiresMs) {
    return h.createUpdate("""
            INSERT INTO app_token (account_id, title, token_prefix, token_hash, created_ms, expires_ms)
            VALUES (:account, :title, :prefix, :hash, :now, :expires)
            """)
        .bind("account", accountId)
        .bind("title", title)
        .bind("prefix", prefix)
        .bind("hash", hash)
        .bind("now", nowMs)
        .bind("expires", expiresMs)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** The tokens whose secret starts with {@code prefix}, revoked and expired ones included. */
  List<AppTokenRow> appTokens(Handle h, String prefix) {
    return h.createQuery(SELECT_APP_TOKEN + " WHERE token_prefix = :p")
        .bind("p", prefix)
        .map((rs, ctx) -> new AppTokenRow(appToken(rs), rs.getString("token_hash")))
        .list();
  }

  Optional<AppToken> appToken(Handle h, long id) {
    return h.createQuery(SELECT_APP_TOKEN + " WHERE id = :id").bind("id", id).map((rs, ctx) -> appToken(rs))
        .findOne();
  }

  /** An account's tokens, oldest first. */
  List<AppToken> appTokensOf(Handle h, long accountId) {
    return h.createQuery(SELECT_APP_TOKEN + " WHERE account_id = :account ORDER BY id")
        .bind("account", accountId)
        .map((rs, ctx) -> appToken(rs))
        .list();
  }

  /** Marks a token revoked; false if it already was. */
  boolean revokeAppToken(Handle h, long id, long nowMs) {
    return h.createUpdate("UPDATE app_token SET revoked_ms = :now WHERE id = :id AND revoked_ms IS NULL")
        .bind("now", nowMs)
        .bind("id", id)
        .execute() > 0;
  }

  private static AppToken appToken(ResultSet rs) throws SQLException {
    return new AppToken(rs.getLong("id"), rs.getLong("account_id"), rs.getString("title"),
        Instant.ofEpochMilli(rs.getLong("created_ms")), instant(rs, "expires_ms"), instant(rs, "last_used_ms"),
        instant(rs, "revoked_ms"));
  }

  // getObject(column, Long.class) fails on SQL NULL with sqlite-jdbc; getLong and wasNull work everywhere.
  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
  }

  void touchAppToken(Handle h, long id, long nowMs) {
    h.createUpdate("UPDATE app_token SET last_used_ms = :now WHERE id = :id").bind("now", nowMs).bind("id", id)
        .execute();
  }

  void audit(Handle h, String kind, String performer, String namespace, String repository, String ip,
      String metadataJson, long nowMs) {
    h.createUpdate("""
            INSERT INTO audit_log (kind, performer, namespace_name, repository_name, ip, metadata, created_ms)
            VALUES (:kind, :performer, :ns, :repo, :ip, :metadata, :now)
            """)
        .bind("kind", kind)
        .bind("performer", performer)
        .bind("ns", namespace)
        .bind("repo", repository)
        .bind("ip", ip)
        .bind("metadata", metadataJson)
        .bind("now", nowMs)
        .execute();
  }
}
