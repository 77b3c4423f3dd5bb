-- Identity and access, modelled on Quay's: users, organisations and robots share one name space. Users and
-- organisations are namespaces (they own repositories); users and robots are accounts (they hold credentials).
-- A robot is named owner+name and belongs to its owner's namespace.

CREATE TABLE account (
  id ${id_pk},
  namespace_id BIGINT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  name VARCHAR(300) ${bin} NOT NULL,
  email VARCHAR(255) NULL,
  secret_hash VARCHAR(128) NULL,
  enabled SMALLINT NOT NULL,
  superuser SMALLINT NOT NULL,
  credential_version BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT uq_account_name UNIQUE (name),
  CONSTRAINT fk_account_namespace FOREIGN KEY (namespace_id) REFERENCES namespace (id)
);
CREATE INDEX ix_account_namespace ON account (namespace_id);

-- Teams of an organisation with Quay's roles: admin (everything in the organisation), creator (may create
-- repositories), member (only what is granted).
CREATE TABLE team (
  id ${id_pk},
  organization_id BIGINT NOT NULL,
  name VARCHAR(255) ${bin} NOT NULL,
  role VARCHAR(16) NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT uq_team_name UNIQUE (organization_id, name),
  CONSTRAINT fk_team_organization FOREIGN KEY (organization_id) REFERENCES namespace (id)
);

CREATE TABLE team_member (
  team_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  PRIMARY KEY (team_id, account_id),
  CONSTRAINT fk_team_member_team FOREIGN KEY (team_id) REFERENCES team (id),
  CONSTRAINT fk_team_member_account FOREIGN KEY (account_id) REFERENCES account (id)
);
CREATE INDEX ix_team_member_account ON team_member (account_id);

-- A role (read, write, admin) on one repository, held by exactly one account (user or robot) or team.
CREATE TABLE repository_permission (
  id ${id_pk},
  repository_id BIGINT NOT NULL,
  account_id BIGINT NULL,
  team_id BIGINT NULL,
  role VARCHAR(16) NOT NULL,
  CONSTRAINT uq_repository_permission UNIQUE (repository_id, account_id, team_id),
  CONSTRAINT fk_repository_permission_repository FOREIGN KEY (repository_id) REFERENCES repository (id),
  CONSTRAINT fk_repository_permission_account FOREIGN KEY (account_id) REFERENCES account (id),
  CONSTRAINT fk_repository_permission_team FOREIGN KEY (team_id) REFERENCES team (id)
);
CREATE INDEX ix_repository_permission_account ON repository_permission (account_id);
CREATE INDEX ix_repository_permission_team ON repository_permission (team_id);

-- Default permissions of an organisation (Quay's permission prototypes): granted on every repository created in it.
CREATE TABLE default_permission (
  id ${id_pk},
  organization_id BIGINT NOT NULL,
  account_id BIGINT NULL,
  team_id BIGINT NULL,
  role VARCHAR(16) NOT NULL,
  CONSTRAINT fk_default_permission_organization FOREIGN KEY (organization_id) REFERENCES namespace (id),
  CONSTRAINT fk_default_permission_account FOREIGN KEY (account_id) REFERENCES account (id),
  CONSTRAINT fk_default_permission_team FOREIGN KEY (team_id) REFERENCES team (id)
);
CREATE INDEX ix_default_permission_organization ON default_permission (organization_id);

-- App-specific tokens: a user's secondary credentials for the CLI, with an expiry. Only a hash is stored.
CREATE TABLE app_token (
  id ${id_pk},
  account_id BIGINT NOT NULL,
  title VARCHAR(255) NOT NULL,
  token_prefix VARCHAR(16) NOT NULL,
  token_hash VARCHAR(128) NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NULL,
  last_used_ms BIGINT NULL,
  CONSTRAINT fk_app_token_account FOREIGN KEY (account_id) REFERENCES account (id)
);
CREATE INDEX ix_app_token_prefix ON app_token (token_prefix);

-- The audit log (Quay's LogEntry): who did what, when, from where. Never a secret.
CREATE TABLE audit_log (
  id ${id_pk},
  kind VARCHAR(64) NOT NULL,
  performer VARCHAR(300) NULL,
  namespace_name VARCHAR(255) NULL,
  repository_name VARCHAR(255) NULL,
  ip VARCHAR(64) NULL,
  metadata TEXT NULL,
  created_ms BIGINT NOT NULL
);
CREATE INDEX ix_audit_log_created ON audit_log (created_ms);
CREATE INDEX ix_audit_log_namespace ON audit_log (namespace_name, created_ms);
