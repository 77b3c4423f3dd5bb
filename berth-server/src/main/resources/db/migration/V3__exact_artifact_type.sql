-- The referrers API filters on artifactType exactly. MySQL/MariaDB databases are usually created with a
-- case-insensitive default collation (utf8mb4_general_ci), under which a filter for application/vnd.Example also
-- returned application/vnd.example; the column gets the binary collation the name columns have. PostgreSQL and
-- SQLite compare it exactly already. The placeholder below is the statement for each dialect (Database.java).

${exact_artifact_type};
