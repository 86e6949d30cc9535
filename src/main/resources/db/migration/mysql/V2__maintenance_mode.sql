-- Portico system database, version 2 (MySQL/MariaDB): maintenance mode, kept with the instance so that
-- every node sharing this database honours it (`portico down` / `portico up`, and `portico upgrade`).
-- All NULL while the instance is up. The bypass secret is stored as a SHA-256 hex digest, never as given.
ALTER TABLE instance
    ADD COLUMN maintenance_started_at    DATETIME(6) NULL,
    ADD COLUMN maintenance_retry_seconds INT NULL CHECK (maintenance_retry_seconds >= 0),
    ADD COLUMN maintenance_secret_hash   VARCHAR(64) NULL;
