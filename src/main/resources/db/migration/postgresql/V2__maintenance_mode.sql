-- Portico system database, version 2 (PostgreSQL): maintenance mode, kept with the instance so that
-- every node sharing this database honours it (`portico down` / `portico up`, and `portico upgrade`).
-- All NULL while the instance is up. The bypass secret is stored as a SHA-256 hex digest, never as given.
ALTER TABLE instance
    ADD COLUMN maintenance_started_at    timestamp(6),
    ADD COLUMN maintenance_retry_seconds integer CHECK (maintenance_retry_seconds >= 0),
    ADD COLUMN maintenance_secret_hash   varchar(64);
