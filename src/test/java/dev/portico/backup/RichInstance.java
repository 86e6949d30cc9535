package dev.portico.backup;

import dev.portico.App;
import dev.portico.crypto.PasswordHasher;
import dev.portico.crypto.SecretBox;
import dev.portico.systemdb.SqlHandle;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Rows in every table of the system schema that a backup must carry unchanged: unicode, long texts,
 * nulls, extreme integers and ids, fractional-second timestamps, sealed secrets, the user ↔ app
 * cycle and self references. {@code token_revocation} is left empty on purpose (an empty table).
 */
final class RichInstance {
    static final String UNICODE = "Zoë Ångström 漢字 \"quoted\" \\ 'single' 🚀";
    static final String LONG_TEXT = "lorem ipsum dolor ".repeat(12_000);
    static final String USER_EMAIL = "zoe@example.com";
    /** A user id far past any counter, so id resets and 64-bit values are exercised. */
    static final long BIG_USER_ID = 9_007_199_254_740_993L; // 2^53 + 1: not exact as a double
    static final String SECRET = "s3cr3t value ✓";

    private RichInstance() {
    }

    /** Adds the rows to a migrated, seeded instance; {@code password} becomes the login of {@link #USER_EMAIL}. */
    static void populate(App app, String password) {
        SecretBox box = new SecretBox(app.appKey().orElseThrow());
        String hash = new PasswordHasher(4).hash(password);
        app.database().transaction(handle -> {
            add(handle, box, hash);
            return null;
        });
    }

    private static void add(SqlHandle h, SecretBox box, String hash) throws SQLException {
        Instant a = Instant.parse("2024-02-29T23:59:59.999999Z");
        Instant b = Instant.parse("1970-01-01T00:00:00.000001Z");
        long admin = h.insert("INSERT INTO user_account (name, email, password, is_sys_admin, is_active, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "Rich Admin", "rich-admin@example.com", hash, true, true, a, a);
        h.update("INSERT INTO user_account (id, name, username, first_name, last_name, email, password, is_sys_admin, "
                + "is_active, phone, security_question, security_answer, confirm_code, last_login_at, created_by_id, "
                + "updated_by_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                BIG_USER_ID, UNICODE, "zoë", "Zoë", "", USER_EMAIL, hash, false, true, "+41 44 000 00 00",
                "Première école ?", box.seal("answer"), null, b, admin, admin, a, b);
        // a self reference forward (to a higher id), beside the ones back to the admin above
        h.update("UPDATE user_account SET updated_by_id = ? WHERE id = ?", BIG_USER_ID, admin);
        long role = h.insert("INSERT INTO role (name, description, is_active, created_by_id, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", "röle-ü", LONG_TEXT, true, admin, a, a);
        h.insert("INSERT INTO role (name, description, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                "inactive", null, false, b, b);
        long db = h.insert("INSERT INTO service (name, label, description, is_active, type, mutable, deletable, config, "
                + "created_by_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "crm", "CRM ✓", UNICODE,
                true, "pgsql", true, false, "{\"host\":\"db.internal\",\"port\":5432,\"username\":\"crm\",\"password\":\""
                        + box.seal(SECRET) + "\"}", admin, a, a);
        long files = h.insert("INSERT INTO service (name, label, is_active, type, config, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", "files", "Files", false, "local_file", null, a, a);
        h.insert("INSERT INTO role_service_access (role_id, service_id, component, verb_mask, requestor_mask, filters, "
                + "filter_op, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", role, db, "_table/*", 31, 3,
                "[{\"name\":\"owner\",\"operator\":\"=\",\"value\":\"{user.id}\"}]", "or", a, a);
        h.insert("INSERT INTO role_service_access (role_id, service_id, verb_mask, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?)", role, null, 1, a, a);
        long app = h.insert("INSERT INTO app (name, api_key, description, is_active, type, path, url, storage_service_id, "
                + "storage_container, requires_fullscreen, allow_fullscreen_toggle, toggle_location, role_id, created_by_id, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "portal", "k".repeat(64),
                UNICODE, true, 1, "/srv/app", "https://example.com/ä", files, "web", true, false, "bottom", role, admin, a, a);
        h.update("UPDATE user_account SET default_app_id = ? WHERE id = ?", app, BIG_USER_ID);
        h.insert("INSERT INTO user_app_role (user_id, app_id, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                BIG_USER_ID, app, role, a, a);
        h.insert("INSERT INTO event_script (name, type, content, config, is_active, allow_event_modification, "
                + "storage_service_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "crm._table.orders.get.pre_process", "nodejs", "// ü\nevent.request.parameters.limit = 10;\n" + LONG_TEXT,
                "{}", true, true, files, a, a);
        h.insert("INSERT INTO scheduled_task (name, description, is_active, service_id, component, verb, verb_mask, "
                + "frequency, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "nightly", null,
                false, db, "_table/orders", "GET", 1, Integer.MAX_VALUE, "{\"a\":[1,2,3]}", a, a);
        h.insert("INSERT INTO lookup (name, value, private, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                "system_wide", box.seal("🚀 value"), false, a, a);
        h.insert("INSERT INTO lookup (app_id, name, value, private, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                app, "app_secret", box.seal(SECRET), true, a, a);
        h.insert("INSERT INTO lookup (role_id, name, value, private, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                role, "role_value", null, false, a, a);
        h.insert("INSERT INTO lookup (user_id, name, value, private, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                BIG_USER_ID, "user_value", box.seal(""), false, b, b);
        h.insert("INSERT INTO cors_config (path, description, origin, header, exposed_header, method, max_age, "
                + "supports_credentials, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "*",
                null, "https://a.example,https://b.example", "*", "X-Total", 31, Integer.MIN_VALUE, true, true, a, a);
        h.insert("INSERT INTO email_template (name, description, to_address, subject, body_text, body_html, from_name, "
                + "from_email, defaults, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "welcome",
                UNICODE, "{email}", "Bienvenue, {first_name} ✓", "Hello\r\n\ttabbed", "<p>" + LONG_TEXT + "</p>",
                "Portico", "noreply@example.com", "{\"x\":null}", a, a);
        h.insert("INSERT INTO setting (name, value, created_at, updated_at) VALUES (?, ?, ?, ?)", "theme", UNICODE, a, a);
        h.insert("INSERT INTO setting (name, value, created_at, updated_at) VALUES (?, ?, ?, ?)", "empty", null, a, a);
    }
}
