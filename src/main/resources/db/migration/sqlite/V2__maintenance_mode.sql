-- Portico system database, version 2 (SQLite): maintenance mode, kept with the instance so that every
-- node sharing this database honours it (`portico down` / `portico up`, and `portico upgrade`).
-- All NULL while the instance is up. The bypass secret is stored as a SHA-256 hex digest, never as given.
ALTER TABLE instance ADD COLUMN maintenance_started_at TEXT;
ALTER TABLE instance ADD COLUMN maintenance_retry_seconds INTEGER
    CHECK (maintenance_retry_seconds IS NULL OR maintenance_retry_seconds >= 0);
ALTER TABLE instance ADD COLUMN maintenance_secret_hash TEXT CHECK (length(maintenance_secret_hash) <= 64);
