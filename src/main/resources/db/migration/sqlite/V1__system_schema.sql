-- Portico system database, version 1 (SQLite).
-- Append-only: a migration that has landed on main is never edited. Change the schema by adding the
-- next V<n>__<what>.sql to all three engine folders (sqlite, postgresql, mysql), keeping them alike;
-- SchemaParityTest checks that the engines agree on tables, columns, nullability, keys and FKs.
--
-- SQLite enforces foreign keys only on connections that set PRAGMA foreign_keys = ON; the app does.
-- Timestamps are TEXT in UTC, written by the app as 'YYYY-MM-DD HH:MM:SS.ffffff' so that they sort
-- and compare as text. Booleans are INTEGER 0/1 and short strings carry the length limits of the
-- other engines as CHECKs, so whatever SQLite accepts also restores into PostgreSQL or MySQL.
-- Unique keys are unique indexes (not table constraints) so a later migration can drop one without
-- rebuilding the table. JSON lives in text columns, as in DreamFactory. Audit columns (created_by_id,
-- updated_by_id) point at user_account and become NULL when that user is deleted.

CREATE TABLE instance (
    -- One row describing this installation; the app always writes id 1.
    id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    instance_id     TEXT NOT NULL CHECK (length(instance_id) <= 36),
    key_canary      TEXT NOT NULL,
    portico_version TEXT NOT NULL CHECK (length(portico_version) <= 32),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE user_account (
    id                INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL CHECK (length(name) <= 255),
    username          TEXT    CHECK (length(username) <= 191),
    first_name        TEXT    CHECK (length(first_name) <= 255),
    last_name         TEXT    CHECK (length(last_name) <= 255),
    email             TEXT    NOT NULL CHECK (length(email) <= 191),
    password          TEXT,
    is_sys_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_sys_admin IN (0, 1)),
    is_active         INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    phone             TEXT    CHECK (length(phone) <= 32),
    security_question TEXT    CHECK (length(security_question) <= 255),
    security_answer   TEXT,
    confirm_code      TEXT    CHECK (length(confirm_code) <= 255),
    default_app_id    INTEGER,
    last_login_at     TEXT,
    created_by_id     INTEGER,
    updated_by_id     INTEGER,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    CONSTRAINT fk_user_account_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_user_account_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    -- SQLite resolves references when rows are written, so app need not exist yet.
    CONSTRAINT fk_user_account_default_app_id FOREIGN KEY (default_app_id)
        REFERENCES app (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_user_account_email ON user_account (email);
CREATE UNIQUE INDEX uq_user_account_username ON user_account (username);
CREATE INDEX ix_user_account_default_app_id ON user_account (default_app_id);
CREATE INDEX ix_user_account_created_by_id ON user_account (created_by_id);
CREATE INDEX ix_user_account_updated_by_id ON user_account (updated_by_id);

CREATE TABLE role (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL CHECK (length(name) <= 64),
    description   TEXT,
    is_active     INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_by_id INTEGER,
    updated_by_id INTEGER,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT fk_role_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_role_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_role_name ON role (name);
CREATE INDEX ix_role_created_by_id ON role (created_by_id);
CREATE INDEX ix_role_updated_by_id ON role (updated_by_id);

CREATE TABLE service (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL CHECK (length(name) <= 40),
    label         TEXT    NOT NULL CHECK (length(label) <= 80),
    description   TEXT,
    is_active     INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    type          TEXT    NOT NULL CHECK (length(type) <= 40),
    mutable       INTEGER NOT NULL DEFAULT 1 CHECK (mutable IN (0, 1)),
    deletable     INTEGER NOT NULL DEFAULT 1 CHECK (deletable IN (0, 1)),
    -- JSON; secret members are sealed individually by the app.
    config        TEXT,
    created_by_id INTEGER,
    updated_by_id INTEGER,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT fk_service_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_service_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_service_name ON service (name);
CREATE INDEX ix_service_created_by_id ON service (created_by_id);
CREATE INDEX ix_service_updated_by_id ON service (updated_by_id);

CREATE TABLE role_service_access (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    role_id        INTEGER NOT NULL,
    -- NULL means every service.
    service_id     INTEGER,
    component      TEXT    CHECK (length(component) <= 255),
    -- GET 1, POST 2, PUT 4, PATCH 8, DELETE 16.
    verb_mask      INTEGER NOT NULL DEFAULT 0,
    -- API 1, SCRIPT 2.
    requestor_mask INTEGER NOT NULL DEFAULT 1,
    -- JSON array of row filters.
    filters        TEXT,
    filter_op      TEXT    NOT NULL DEFAULT 'and' CHECK (length(filter_op) <= 32),
    created_by_id  INTEGER,
    updated_by_id  INTEGER,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CONSTRAINT fk_role_service_access_role_id FOREIGN KEY (role_id)
        REFERENCES role (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_service_access_service_id FOREIGN KEY (service_id)
        REFERENCES service (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_service_access_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_role_service_access_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE INDEX ix_role_service_access_role_id ON role_service_access (role_id);
CREATE INDEX ix_role_service_access_service_id ON role_service_access (service_id);
CREATE INDEX ix_role_service_access_created_by_id ON role_service_access (created_by_id);
CREATE INDEX ix_role_service_access_updated_by_id ON role_service_access (updated_by_id);

CREATE TABLE app (
    id                      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name                    TEXT    NOT NULL CHECK (length(name) <= 64),
    -- Random per instance, generated by the app; compared case-sensitively.
    api_key                 TEXT    NOT NULL CHECK (length(api_key) <= 64),
    description             TEXT,
    is_active               INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    -- 0 none, 1 storage service, 2 URL, 3 path, 4 git (DreamFactory's AppTypes).
    type                    INTEGER NOT NULL DEFAULT 0,
    path                    TEXT,
    url                     TEXT,
    storage_service_id      INTEGER,
    storage_container       TEXT    CHECK (length(storage_container) <= 255),
    requires_fullscreen     INTEGER NOT NULL DEFAULT 0 CHECK (requires_fullscreen IN (0, 1)),
    allow_fullscreen_toggle INTEGER NOT NULL DEFAULT 1 CHECK (allow_fullscreen_toggle IN (0, 1)),
    toggle_location         TEXT    NOT NULL DEFAULT 'top' CHECK (length(toggle_location) <= 64),
    -- The app's default role, for requests that carry only its API key.
    role_id                 INTEGER,
    created_by_id           INTEGER,
    updated_by_id           INTEGER,
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    CONSTRAINT fk_app_storage_service_id FOREIGN KEY (storage_service_id)
        REFERENCES service (id) ON DELETE SET NULL,
    CONSTRAINT fk_app_role_id FOREIGN KEY (role_id)
        REFERENCES role (id) ON DELETE SET NULL,
    CONSTRAINT fk_app_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_app_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_app_name ON app (name);
CREATE UNIQUE INDEX uq_app_api_key ON app (api_key);
CREATE INDEX ix_app_storage_service_id ON app (storage_service_id);
CREATE INDEX ix_app_role_id ON app (role_id);
CREATE INDEX ix_app_created_by_id ON app (created_by_id);
CREATE INDEX ix_app_updated_by_id ON app (updated_by_id);

CREATE TABLE user_app_role (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL,
    app_id     INTEGER NOT NULL,
    role_id    INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CONSTRAINT fk_user_app_role_user_id FOREIGN KEY (user_id)
        REFERENCES user_account (id) ON DELETE CASCADE,
    CONSTRAINT fk_user_app_role_app_id FOREIGN KEY (app_id)
        REFERENCES app (id) ON DELETE CASCADE,
    CONSTRAINT fk_user_app_role_role_id FOREIGN KEY (role_id)
        REFERENCES role (id) ON DELETE CASCADE
);
-- Also serves as the index for user_id (its leading column).
CREATE UNIQUE INDEX uq_user_app_role_user_id_app_id ON user_app_role (user_id, app_id);
CREATE INDEX ix_user_app_role_app_id ON user_app_role (app_id);
CREATE INDEX ix_user_app_role_role_id ON user_app_role (role_id);

CREATE TABLE event_script (
    id                       INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    -- The event it handles, e.g. db._table.{table}.get.pre_process.
    name                     TEXT    NOT NULL CHECK (length(name) <= 191),
    -- nodejs, python, php, ...
    type                     TEXT    NOT NULL CHECK (length(type) <= 40),
    content                  TEXT,
    config                   TEXT,
    -- A saved script runs only once it is switched on.
    is_active                INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
    allow_event_modification INTEGER NOT NULL DEFAULT 0 CHECK (allow_event_modification IN (0, 1)),
    storage_service_id       INTEGER,
    storage_path             TEXT,
    scm_repository           TEXT,
    scm_reference            TEXT    CHECK (length(scm_reference) <= 255),
    created_by_id            INTEGER,
    updated_by_id            INTEGER,
    created_at               TEXT    NOT NULL,
    updated_at               TEXT    NOT NULL,
    CONSTRAINT fk_event_script_storage_service_id FOREIGN KEY (storage_service_id)
        REFERENCES service (id) ON DELETE SET NULL,
    CONSTRAINT fk_event_script_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_event_script_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_event_script_name ON event_script (name);
CREATE INDEX ix_event_script_storage_service_id ON event_script (storage_service_id);
CREATE INDEX ix_event_script_created_by_id ON event_script (created_by_id);
CREATE INDEX ix_event_script_updated_by_id ON event_script (updated_by_id);

CREATE TABLE scheduled_task (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL CHECK (length(name) <= 64),
    description   TEXT,
    is_active     INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    service_id    INTEGER NOT NULL,
    component     TEXT    CHECK (length(component) <= 255),
    verb          TEXT    NOT NULL CHECK (length(verb) <= 16),
    verb_mask     INTEGER NOT NULL,
    -- Minutes between runs.
    frequency     INTEGER NOT NULL,
    payload       TEXT,
    created_by_id INTEGER,
    updated_by_id INTEGER,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT fk_scheduled_task_service_id FOREIGN KEY (service_id)
        REFERENCES service (id) ON DELETE CASCADE,
    CONSTRAINT fk_scheduled_task_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_scheduled_task_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_scheduled_task_name ON scheduled_task (name);
CREATE INDEX ix_scheduled_task_service_id ON scheduled_task (service_id);
CREATE INDEX ix_scheduled_task_created_by_id ON scheduled_task (created_by_id);
CREATE INDEX ix_scheduled_task_updated_by_id ON scheduled_task (updated_by_id);

-- Scope: no owner = system, else exactly one of app, role, user. Names are unique per scope, but a
-- UNIQUE (name, app_id, role_id, user_id) would let duplicates through, since NULLs never compare
-- equal, and the portable fixes (NULLS NOT DISTINCT, expression indexes) are not available on all
-- three engines (MariaDB has no functional indexes). So the app enforces both rules in its writes.
CREATE TABLE lookup (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    app_id        INTEGER,
    role_id       INTEGER,
    user_id       INTEGER,
    name          TEXT    NOT NULL CHECK (length(name) <= 191),
    -- Always sealed by the app, private or not.
    value         TEXT,
    private       INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    description   TEXT,
    created_by_id INTEGER,
    updated_by_id INTEGER,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT fk_lookup_app_id FOREIGN KEY (app_id)
        REFERENCES app (id) ON DELETE CASCADE,
    CONSTRAINT fk_lookup_role_id FOREIGN KEY (role_id)
        REFERENCES role (id) ON DELETE CASCADE,
    CONSTRAINT fk_lookup_user_id FOREIGN KEY (user_id)
        REFERENCES user_account (id) ON DELETE CASCADE,
    CONSTRAINT fk_lookup_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_lookup_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE INDEX ix_lookup_name ON lookup (name);
CREATE INDEX ix_lookup_app_id ON lookup (app_id);
CREATE INDEX ix_lookup_role_id ON lookup (role_id);
CREATE INDEX ix_lookup_user_id ON lookup (user_id);
CREATE INDEX ix_lookup_created_by_id ON lookup (created_by_id);
CREATE INDEX ix_lookup_updated_by_id ON lookup (updated_by_id);

CREATE TABLE cors_config (
    id                   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    path                 TEXT    NOT NULL CHECK (length(path) <= 191),
    description          TEXT,
    origin               TEXT,
    header               TEXT,
    exposed_header       TEXT,
    -- Verb mask, as in role_service_access.
    method               INTEGER NOT NULL DEFAULT 0,
    max_age              INTEGER NOT NULL DEFAULT 3600,
    supports_credentials INTEGER NOT NULL DEFAULT 0 CHECK (supports_credentials IN (0, 1)),
    enabled              INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_by_id        INTEGER,
    updated_by_id        INTEGER,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    CONSTRAINT fk_cors_config_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_cors_config_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_cors_config_path ON cors_config (path);
CREATE INDEX ix_cors_config_created_by_id ON cors_config (created_by_id);
CREATE INDEX ix_cors_config_updated_by_id ON cors_config (updated_by_id);

CREATE TABLE email_template (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL CHECK (length(name) <= 64),
    description    TEXT,
    -- DreamFactory's "to"; renamed because TO is reserved in SQL.
    to_address     TEXT,
    cc             TEXT,
    bcc            TEXT,
    subject        TEXT    CHECK (length(subject) <= 191),
    attachment     TEXT,
    body_text      TEXT,
    body_html      TEXT,
    from_name      TEXT    CHECK (length(from_name) <= 255),
    from_email     TEXT    CHECK (length(from_email) <= 255),
    reply_to_name  TEXT    CHECK (length(reply_to_name) <= 255),
    reply_to_email TEXT    CHECK (length(reply_to_email) <= 255),
    -- JSON of default template variables.
    defaults       TEXT,
    created_by_id  INTEGER,
    updated_by_id  INTEGER,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CONSTRAINT fk_email_template_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_email_template_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX uq_email_template_name ON email_template (name);
CREATE INDEX ix_email_template_created_by_id ON email_template (created_by_id);
CREATE INDEX ix_email_template_updated_by_id ON email_template (updated_by_id);

-- Free-form system-wide settings (DreamFactory's system_custom).
CREATE TABLE setting (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL CHECK (length(name) <= 191),
    value      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX uq_setting_name ON setting (name);

-- Revoked session tokens, kept until they would have expired anyway. A row revokes one token
-- (token_id, the JWT id) or every token of user_id issued before revoked_before.
CREATE TABLE token_revocation (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER,
    token_id       TEXT    CHECK (length(token_id) <= 64),
    revoked_before TEXT,
    -- After this the row can be purged.
    expires_at     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    CONSTRAINT ck_token_revocation_target CHECK (token_id IS NOT NULL OR revoked_before IS NOT NULL),
    CONSTRAINT fk_token_revocation_user_id FOREIGN KEY (user_id)
        REFERENCES user_account (id) ON DELETE CASCADE
);
CREATE INDEX ix_token_revocation_token_id ON token_revocation (token_id);
CREATE INDEX ix_token_revocation_user_id ON token_revocation (user_id);
CREATE INDEX ix_token_revocation_expires_at ON token_revocation (expires_at);
