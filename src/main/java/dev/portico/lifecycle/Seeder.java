package dev.portico.lifecycle;

import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.UtcTimestamps;
import java.time.Instant;
import java.util.List;
import dev.portico.auth.AppKeys;
import dev.portico.systemdb.SqlHandle;
import java.sql.SQLException;

/**
 * The rows every instance starts with: the system services, the admin and API-docs apps (with API
 * keys random to this instance) and the default e-mail templates. Idempotent: a row that exists by
 * name is left as the operator has it.
 */
final class Seeder {
    private record SeedService(String name, String label, String description, String type, boolean mutable,
                               boolean deletable, String config) {
    }

    private record SeedApp(String name, String description, String path) {
    }

    private record SeedTemplate(String name, String description, String subject, String body) {
    }

    private static final List<SeedService> SERVICES = List.of(
            new SeedService("system", "System Management", "Service for managing system resources.", "system",
                    false, false, "{}"),
            new SeedService("api_docs", "Live API Docs", "API documenting and testing service.", "swagger",
                    false, false, "{}"),
            new SeedService("user", "User Management", "Service for managing system users.", "user",
                    true, false, "{\"allow_open_registration\":false}"));

    private static final List<SeedApp> APPS = List.of(
            new SeedApp("admin", "An application for administering this instance.", "admin/index.html"),
            new SeedApp("api_docs", "A Swagger-based application allowing viewing and testing API documentation.",
                    "api_docs/index.html"));

    private static final List<SeedTemplate> TEMPLATES = List.of(
            new SeedTemplate("User Invite Default", "Email sent to invite new users to this instance.",
                    "You are invited to try {instance_name}.",
                    "Hi {first_name},\n\nYou have been invited to {instance_name}. Confirm your account: {link}\n"),
            new SeedTemplate("User Registration Default", "Email sent to new users to complete registration.",
                    "Confirm your new {instance_name} account.",
                    "Hi {first_name},\n\nConfirm your registration with code {confirm_code}: {link}\n"),
            new SeedTemplate("Password Reset Default", "Email sent to users following a request to reset their password.",
                    "{instance_name} password reset",
                    "Hi {first_name},\n\nReset your password with code {confirm_code}: {link}\n"));

    /** Inserts what is missing; returns how many rows were added. */
    int seed(SystemDatabase database) {
        return database.transaction(handle -> {
            Instant now = UtcTimestamps.now();
            int added = 0;
            for (SeedService service : SERVICES) {
                if (!exists(handle, "service", service.name())) {
                    added += handle.update("INSERT INTO service (name, label, description, is_active, type, mutable, "
                                    + "deletable, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            service.name(), service.label(), service.description(), true, service.type(),
                            service.mutable(), service.deletable(), service.config(), now, now);
                }
            }
            for (SeedApp app : APPS) {
                if (!exists(handle, "app", app.name())) {
                    added += handle.update("INSERT INTO app (name, api_key, description, is_active, type, path, "
                                    + "created_at, updated_at) VALUES (?, ?, ?, ?, 3, ?, ?, ?)",
                            app.name(), AppKeys.newKey(), app.description(), true, app.path(), now, now);
                }
            }
            for (SeedTemplate template : TEMPLATES) {
                if (!exists(handle, "email_template", template.name())) {
                    added += handle.update("INSERT INTO email_template (name, description, subject, body_text, "
                                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                            template.name(), template.description(), template.subject(), template.body(), now, now);
                }
            }
            return added;
        });
    }

    private static boolean exists(SqlHandle handle, String table, String name) throws SQLException {
        return handle.number("SELECT COUNT(*) FROM " + table + " WHERE name = ?", name) > 0;
    }
}
