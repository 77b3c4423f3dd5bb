-- The registry's metadata, modelled on Quay's: namespaces own repositories; blobs are global (one row per
-- digest) and become visible in a repository through repository_blob; manifests keep their exact bytes; tags are
-- history rows with lifetimes, and live_tag holds the one live row per (repository, tag).
-- Portable across SQLite, PostgreSQL and MySQL/MariaDB: ${id_pk}, ${bytes} and ${bin} are filled per dialect.

CREATE TABLE namespace (
  id ${id_pk},
  name VARCHAR(255) ${bin} NOT NULL,
  kind VARCHAR(16) NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT uq_namespace_name UNIQUE (name)
);

CREATE TABLE repository (
  id ${id_pk},
  namespace_id BIGINT NULL,
  name VARCHAR(255) ${bin} NOT NULL,
  visibility VARCHAR(16) NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT uq_repository_name UNIQUE (name),
  CONSTRAINT fk_repository_namespace FOREIGN KEY (namespace_id) REFERENCES namespace (id)
);

-- One row per stored digest, whatever the number of repositories holding it (global deduplication).
CREATE TABLE stored_blob (
  id ${id_pk},
  digest VARCHAR(150) NOT NULL,
  size BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT uq_stored_blob_digest UNIQUE (digest)
);

-- A blob is visible in a repository once pushed or mounted there. expires_ms is the garbage-collection grace:
-- a link no manifest of the repository references may be removed after it (Quay's UploadedBlob).
CREATE TABLE repository_blob (
  repository_id BIGINT NOT NULL,
  blob_id BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  PRIMARY KEY (repository_id, blob_id),
  CONSTRAINT fk_repository_blob_repository FOREIGN KEY (repository_id) REFERENCES repository (id),
  CONSTRAINT fk_repository_blob_blob FOREIGN KEY (blob_id) REFERENCES stored_blob (id)
);
CREATE INDEX ix_repository_blob_blob ON repository_blob (blob_id);

-- The exact bytes of every manifest pushed to a repository. deleted_ms marks a manifest deleted by digest; the
-- row stays for the tag history until garbage collection.
CREATE TABLE manifest (
  id ${id_pk},
  repository_id BIGINT NOT NULL,
  digest VARCHAR(150) NOT NULL,
  media_type VARCHAR(255) NOT NULL,
  artifact_type VARCHAR(255) NULL,
  subject_digest VARCHAR(150) NULL,
  annotations TEXT NULL,
  size BIGINT NOT NULL,
  content ${bytes} NOT NULL,
  created_ms BIGINT NOT NULL,
  deleted_ms BIGINT NULL,
  CONSTRAINT uq_manifest_digest UNIQUE (repository_id, digest),
  CONSTRAINT fk_manifest_repository FOREIGN KEY (repository_id) REFERENCES repository (id)
);
CREATE INDEX ix_manifest_subject ON manifest (repository_id, subject_digest);

CREATE TABLE manifest_blob (
  manifest_id BIGINT NOT NULL,
  blob_id BIGINT NOT NULL,
  PRIMARY KEY (manifest_id, blob_id),
  CONSTRAINT fk_manifest_blob_manifest FOREIGN KEY (manifest_id) REFERENCES manifest (id),
  CONSTRAINT fk_manifest_blob_blob FOREIGN KEY (blob_id) REFERENCES stored_blob (id)
);
CREATE INDEX ix_manifest_blob_blob ON manifest_blob (blob_id);

CREATE TABLE manifest_child (
  manifest_id BIGINT NOT NULL,
  child_id BIGINT NOT NULL,
  PRIMARY KEY (manifest_id, child_id),
  CONSTRAINT fk_manifest_child_parent FOREIGN KEY (manifest_id) REFERENCES manifest (id),
  CONSTRAINT fk_manifest_child_child FOREIGN KEY (child_id) REFERENCES manifest (id)
);
CREATE INDEX ix_manifest_child_child ON manifest_child (child_id);

-- Tag history: a push that moves a tag, or a delete, closes the live row (lifetime_end_ms) and, for a move,
-- opens a new one. Old rows let the time machine restore a tag.
CREATE TABLE tag (
  id ${id_pk},
  repository_id BIGINT NOT NULL,
  name VARCHAR(128) ${bin} NOT NULL,
  manifest_id BIGINT NOT NULL,
  lifetime_start_ms BIGINT NOT NULL,
  lifetime_end_ms BIGINT NULL,
  CONSTRAINT fk_tag_repository FOREIGN KEY (repository_id) REFERENCES repository (id),
  CONSTRAINT fk_tag_manifest FOREIGN KEY (manifest_id) REFERENCES manifest (id)
);
CREATE INDEX ix_tag_history ON tag (repository_id, name, lifetime_start_ms);
CREATE INDEX ix_tag_manifest ON tag (manifest_id);

-- The one live tag row per (repository, name). Its primary key enforces "one live row" on all three
-- databases alike (MySQL cannot use a partial unique index), and it is the hot path of a pull by tag.
CREATE TABLE live_tag (
  repository_id BIGINT NOT NULL,
  name VARCHAR(128) ${bin} NOT NULL,
  tag_id BIGINT NOT NULL,
  manifest_id BIGINT NOT NULL,
  PRIMARY KEY (repository_id, name),
  CONSTRAINT fk_live_tag_tag FOREIGN KEY (tag_id) REFERENCES tag (id),
  CONSTRAINT fk_live_tag_manifest FOREIGN KEY (manifest_id) REFERENCES manifest (id)
);
CREATE INDEX ix_live_tag_manifest ON live_tag (manifest_id);

-- Upload sessions. size bytes of the upload are durable in storage and hash to prefix_digest, so any node (or a
-- restarted one) can prove the stored prefix intact and continue.
CREATE TABLE upload (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  repository_id BIGINT NOT NULL,
  algorithm VARCHAR(16) NOT NULL,
  size BIGINT NOT NULL,
  prefix_digest VARCHAR(150) NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  CONSTRAINT fk_upload_repository FOREIGN KEY (repository_id) REFERENCES repository (id)
);
CREATE INDEX ix_upload_updated ON upload (updated_ms);
