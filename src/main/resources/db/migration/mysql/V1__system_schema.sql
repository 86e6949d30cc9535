-- Portico system database, version 1 (MySQL 8 and MariaDB 10.6+).
-- Append-only: a migration that has landed on main is never edited. Change the schema by adding the
-- next V<n>__<what>.sql to all three engine folders (sqlite, postgresql, mysql), keeping them alike;
-- SchemaParityTest checks that the engines agree on tables, columns, nullability, keys and FKs.
--
-- Every table is InnoDB, utf8mb4 with the utf8mb4_bin collation: names, emails and API keys compare
-- byte for byte, as they do on PostgreSQL and SQLite, so a database moves between engines without
-- new unique-key clashes ('Admin' and 'admin' are two roles everywhere). One difference remains:
-- utf8mb4_bin ignores trailing spaces, so the app trims names before writing them.
-- Long text is MEDIUMTEXT (16 MB), not TEXT (64 KB), so what fits in PostgreSQL text fits here.
-- Booleans carry CHECK (x IN (0, 1)) because BOOLEAN is TINYINT(1) and would accept 2.
-- Timestamps are UTC without zone, written by the app. JSON lives in text columns, as in
-- DreamFactory. Audit columns (created_by_id, updated_by_id) point at user_account and become NULL
-- when that user is deleted.

CREATE TABLE instance (
    -- One row describing this installation; the app always writes id 1.
    id              BIGINT      NOT NULL PRIMARY KEY CHECK (id = 1),
    instance_id     VARCHAR(36) NOT NULL,
    key_canary      MEDIUMTEXT  NOT NULL,
    portico_version VARCHAR(32) NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    updated_at      DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE user_account (
    id                BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name              VARCHAR(255) NOT NULL,
    username          VARCHAR(191),
    first_name        VARCHAR(255),
    last_name         VARCHAR(255),
    email             VARCHAR(191) NOT NULL,
    password          MEDIUMTEXT,
    is_sys_admin      BOOLEAN      NOT NULL DEFAULT FALSE CHECK (is_sys_admin IN (0, 1)),
    is_active         BOOLEAN      NOT NULL DEFAULT TRUE CHECK (is_active IN (0, 1)),
    phone             VARCHAR(32),
    security_question VARCHAR(255),
    security_answer   MEDIUMTEXT,
    confirm_code      VARCHAR(255),
    default_app_id    BIGINT,
    last_login_at     DATETIME(6),
    created_by_id     BIGINT,
    updated_by_id     BIGINT,
    created_at        DATETIME(6)  NOT NULL,
    updated_at        DATETIME(6)  NOT NULL,
    KEY ix_user_account_default_app_id (default_app_id),
    KEY ix_user_account_created_by_id (created_by_id),
    KEY ix_user_account_updated_by_id (updated_by_id),
    CONSTRAINT uq_user_account_email UNIQUE (email),
    CONSTRAINT uq_user_account_username UNIQUE (username),
    CONSTRAINT fk_user_account_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_user_account_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
    -- fk_user_account_default_app_id is added after app exists (the two tables reference each other).
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE role (
    id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(64) NOT NULL,
    description   MEDIUMTEXT,
    is_active     BOOLEAN     NOT NULL DEFAULT TRUE CHECK (is_active IN (0, 1)),
    created_by_id BIGINT,
    updated_by_id BIGINT,
    created_at    DATETIME(6) NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    KEY ix_role_created_by_id (created_by_id),
    KEY ix_role_updated_by_id (updated_by_id),
    CONSTRAINT uq_role_name UNIQUE (name),
    CONSTRAINT fk_role_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_role_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE service (
    id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(40) NOT NULL,
    label         VARCHAR(80) NOT NULL,
    description   MEDIUMTEXT,
    is_active     BOOLEAN     NOT NULL DEFAULT TRUE CHECK (is_active IN (0, 1)),
    type          VARCHAR(40) NOT NULL,
    mutable       BOOLEAN     NOT NULL DEFAULT TRUE CHECK (mutable IN (0, 1)),
    deletable     BOOLEAN     NOT NULL DEFAULT TRUE CHECK (deletable IN (0, 1)),
    -- JSON; secret members are sealed individually by the app.
    config        MEDIUMTEXT,
    created_by_id BIGINT,
    updated_by_id BIGINT,
    created_at    DATETIME(6) NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    KEY ix_service_created_by_id (created_by_id),
    KEY ix_service_updated_by_id (updated_by_id),
    CONSTRAINT uq_service_name UNIQUE (name),
    CONSTRAINT fk_service_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_service_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE role_service_access (
    id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    role_id        BIGINT       NOT NULL,
    -- NULL means every service.
    service_id     BIGINT,
    component      VARCHAR(255),
    -- GET 1, POST 2, PUT 4, PATCH 8, DELETE 16.
    verb_mask      INT          NOT NULL DEFAULT 0,
    -- API 1, SCRIPT 2.
    requestor_mask INT          NOT NULL DEFAULT 1,
    -- JSON array of row filters.
    filters        MEDIUMTEXT,
    filter_op      VARCHAR(32)  NOT NULL DEFAULT 'and',
    created_by_id  BIGINT,
    updated_by_id  BIGINT,
    created_at     DATETIME(6)  NOT NULL,
    updated_at     DATETIME(6)  NOT NULL,
    KEY ix_role_service_access_role_id (role_id),
    KEY ix_role_service_access_service_id (service_id),
    KEY ix_role_service_access_created_by_id (created_by_id),
    KEY ix_role_service_access_updated_by_id (updated_by_id),
    CONSTRAINT fk_role_service_access_role_id FOREIGN KEY (role_id)
        REFERENCES role (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_service_access_service_id FOREIGN KEY (service_id)
        REFERENCES service (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_service_access_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_role_service_access_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE app (
    id                      BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name                    VARCHAR(64)  NOT NULL,
    -- Random per instance, generated by the app; compared case-sensitively.
    api_key                 VARCHAR(64)  NOT NULL,
    description             MEDIUMTEXT,
    is_active               BOOLEAN      NOT NULL DEFAULT TRUE CHECK (is_active IN (0, 1)),
    -- 0 none, 1 storage service, 2 URL, 3 path, 4 git (DreamFactory's AppTypes).
    type                    INT          NOT NULL DEFAULT 0,
    path                    MEDIUMTEXT,
    url                     MEDIUMTEXT,
    storage_service_id      BIGINT,
    storage_container       VARCHAR(255),
    requires_fullscreen     BOOLEAN      NOT NULL DEFAULT FALSE CHECK (requires_fullscreen IN (0, 1)),
    allow_fullscreen_toggle BOOLEAN      NOT NULL DEFAULT TRUE CHECK (allow_fullscreen_toggle IN (0, 1)),
    toggle_location         VARCHAR(64)  NOT NULL DEFAULT 'top',
    -- The app's default role, for requests that carry only its API key.
    role_id                 BIGINT,
    created_by_id           BIGINT,
    updated_by_id           BIGINT,
    created_at              DATETIME(6)  NOT NULL,
    updated_at              DATETIME(6)  NOT NULL,
    KEY ix_app_storage_service_id (storage_service_id),
    KEY ix_app_role_id (role_id),
    KEY ix_app_created_by_id (created_by_id),
    KEY ix_app_updated_by_id (updated_by_id),
    CONSTRAINT uq_app_name UNIQUE (name),
    CONSTRAINT uq_app_api_key UNIQUE (api_key),
    CONSTRAINT fk_app_storage_service_id FOREIGN KEY (storage_service_id)
        REFERENCES service (id) ON DELETE SET NULL,
    CONSTRAINT fk_app_role_id FOREIGN KEY (role_id)
        REFERENCES role (id) ON DELETE SET NULL,
    CONSTRAINT fk_app_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_app_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE user_account ADD CONSTRAINT fk_user_account_default_app_id FOREIGN KEY (default_app_id)
    REFERENCES app (id) ON DELETE SET NULL;

CREATE TABLE user_app_role (
    id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT      NOT NULL,
    app_id     BIGINT      NOT NULL,
    role_id    BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    KEY ix_user_app_role_app_id (app_id),
    KEY ix_user_app_role_role_id (role_id),
    -- Also serves as the index for user_id (its leading column).
    CONSTRAINT uq_user_app_role_user_id_app_id UNIQUE (user_id, app_id),
    CONSTRAINT fk_user_app_role_user_id FOREIGN KEY (user_id)
        REFERENCES user_account (id) ON DELETE CASCADE,
    CONSTRAINT fk_user_app_role_app_id FOREIGN KEY (app_id)
        REFERENCES app (id) ON DELETE CASCADE,
    CONSTRAINT fk_user_app_role_role_id FOREIGN KEY (role_id)
        REFERENCES role (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE event_script (
    id                       BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- The event it handles, e.g. db._table.{table}.get.pre_process.
    name                     VARCHAR(191) NOT NULL,
    -- nodejs, python, php, ...
    type                     VARCHAR(40)  NOT NULL,
    content                  MEDIUMTEXT,
    config                   MEDIUMTEXT,
    -- A saved script runs only once it is switched on.
    is_active                BOOLEAN      NOT NULL DEFAULT FALSE CHECK (is_active IN (0, 1)),
    allow_event_modification BOOLEAN      NOT NULL DEFAULT FALSE CHECK (allow_event_modification IN (0, 1)),
    storage_service_id       BIGINT,
    storage_path             MEDIUMTEXT,
    scm_repository           MEDIUMTEXT,
    scm_reference            VARCHAR(255),
    created_by_id            BIGINT,
    updated_by_id            BIGINT,
    created_at               DATETIME(6)  NOT NULL,
    updated_at               DATETIME(6)  NOT NULL,
    KEY ix_event_script_storage_service_id (storage_service_id),
    KEY ix_event_script_created_by_id (created_by_id),
    KEY ix_event_script_updated_by_id (updated_by_id),
    CONSTRAINT uq_event_script_name UNIQUE (name),
    CONSTRAINT fk_event_script_storage_service_id FOREIGN KEY (storage_service_id)
        REFERENCES service (id) ON DELETE SET NULL,
    CONSTRAINT fk_event_script_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_event_script_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE scheduled_task (
    id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(64)  NOT NULL,
    description   MEDIUMTEXT,
    is_active     BOOLEAN      NOT NULL DEFAULT TRUE CHECK (is_active IN (0, 1)),
    service_id    BIGINT       NOT NULL,
    component     VARCHAR(255),
    verb          VARCHAR(16)  NOT NULL,
    verb_mask     INT          NOT NULL,
    -- Minutes between runs.
    frequency     INT          NOT NULL,
    payload       MEDIUMTEXT,
    created_by_id BIGINT,
    updated_by_id BIGINT,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    KEY ix_scheduled_task_service_id (service_id),
    KEY ix_scheduled_task_created_by_id (created_by_id),
    KEY ix_scheduled_task_updated_by_id (updated_by_id),
    CONSTRAINT uq_scheduled_task_name UNIQUE (name),
    CONSTRAINT fk_scheduled_task_service_id FOREIGN KEY (service_id)
        REFERENCES service (id) ON DELETE CASCADE,
    CONSTRAINT fk_scheduled_task_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_scheduled_task_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Scope: no owner = system, else exactly one of app, role, user. Names are unique per scope, but a
-- UNIQUE (name, app_id, role_id, user_id) would let duplicates through, since NULLs never compare
-- equal, and the portable fixes (NULLS NOT DISTINCT, expression indexes) are not available on all
-- three engines (MariaDB has no functional indexes). So the app enforces both rules in its writes.
CREATE TABLE lookup (
    id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id        BIGINT,
    role_id       BIGINT,
    user_id       BIGINT,
    name          VARCHAR(191) NOT NULL,
    -- Always sealed by the app, private or not.
    value         MEDIUMTEXT,
    private       BOOLEAN      NOT NULL DEFAULT FALSE CHECK (private IN (0, 1)),
    description   MEDIUMTEXT,
    created_by_id BIGINT,
    updated_by_id BIGINT,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    KEY ix_lookup_name (name),
    KEY ix_lookup_app_id (app_id),
    KEY ix_lookup_role_id (role_id),
    KEY ix_lookup_user_id (user_id),
    KEY ix_lookup_created_by_id (created_by_id),
    KEY ix_lookup_updated_by_id (updated_by_id),
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
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE cors_config (
    id                   BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    path                 VARCHAR(191) NOT NULL,
    description          MEDIUMTEXT,
    origin               MEDIUMTEXT,
    header               MEDIUMTEXT,
    exposed_header       MEDIUMTEXT,
    -- Verb mask, as in role_service_access.
    method               INT          NOT NULL DEFAULT 0,
    max_age              INT          NOT NULL DEFAULT 3600,
    supports_credentials BOOLEAN      NOT NULL DEFAULT FALSE CHECK (supports_credentials IN (0, 1)),
    enabled              BOOLEAN      NOT NULL DEFAULT TRUE CHECK (enabled IN (0, 1)),
    created_by_id        BIGINT,
    updated_by_id        BIGINT,
    created_at           DATETIME(6)  NOT NULL,
    updated_at           DATETIME(6)  NOT NULL,
    KEY ix_cors_config_created_by_id (created_by_id),
    KEY ix_cors_config_updated_by_id (updated_by_id),
    CONSTRAINT uq_cors_config_path UNIQUE (path),
    CONSTRAINT fk_cors_config_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_cors_config_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE email_template (
    id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name           VARCHAR(64)  NOT NULL,
    description    MEDIUMTEXT,
    -- DreamFactory's "to"; renamed because TO is reserved in SQL.
    to_address     MEDIUMTEXT,
    cc             MEDIUMTEXT,
    bcc            MEDIUMTEXT,
    subject        VARCHAR(191),
    attachment     MEDIUMTEXT,
    body_text      MEDIUMTEXT,
    body_html      MEDIUMTEXT,
    from_name      VARCHAR(255),
    from_email     VARCHAR(255),
    reply_to_name  VARCHAR(255),
    reply_to_email VARCHAR(255),
    -- JSON of default template variables.
    defaults       MEDIUMTEXT,
    created_by_id  BIGINT,
    updated_by_id  BIGINT,
    created_at     DATETIME(6)  NOT NULL,
    updated_at     DATETIME(6)  NOT NULL,
    KEY ix_email_template_created_by_id (created_by_id),
    KEY ix_email_template_updated_by_id (updated_by_id),
    CONSTRAINT uq_email_template_name UNIQUE (name),
    CONSTRAINT fk_email_template_created_by_id FOREIGN KEY (created_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL,
    CONSTRAINT fk_email_template_updated_by_id FOREIGN KEY (updated_by_id)
        REFERENCES user_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Free-form system-wide settings (DreamFactory's system_custom).
CREATE TABLE setting (
    id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(191) NOT NULL,
    value      MEDIUMTEXT,
    created_at DATETIME(6)  NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    CONSTRAINT uq_setting_name UNIQUE (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Revoked session tokens, kept until they would have expired anyway. A row revokes one token
-- (token_id, the JWT id) or every token of user_id issued before revoked_before.
CREATE TABLE token_revocation (
    id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id        BIGINT,
    token_id       VARCHAR(64),
    revoked_before DATETIME(6),
    -- After this the row can be purged.
    expires_at     DATETIME(6) NOT NULL,
    created_at     DATETIME(6) NOT NULL,
    KEY ix_token_revocation_token_id (token_id),
    KEY ix_token_revocation_user_id (user_id),
    KEY ix_token_revocation_expires_at (expires_at),
    CONSTRAINT ck_token_revocation_target CHECK (token_id IS NOT NULL OR revoked_before IS NOT NULL),
    CONSTRAINT fk_token_revocation_user_id FOREIGN KEY (user_id)
        REFERENCES user_account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
