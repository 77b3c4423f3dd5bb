-- An app-specific token can be revoked (berth user token revoke). The row stays, so the id a refresh token is bound
-- to is never reused and the token is still listed, as revoked.
ALTER TABLE app_token ADD COLUMN revoked_ms BIGINT NULL;
