package dev.portico.system;

import static dev.portico.system.FieldSpec.Kind.BOOLEAN;
import static dev.portico.system.FieldSpec.Kind.INTEGER;
import static dev.portico.system.FieldSpec.Kind.JSON;
import static dev.portico.system.FieldSpec.Kind.TEXT;
import static dev.portico.system.FieldSpec.Kind.TIMESTAMP;
import static dev.portico.system.FieldSpec.Rule.PASSWORD;
import static dev.portico.system.FieldSpec.Rule.READ_ONLY;
import static dev.portico.system.FieldSpec.Rule.REQUIRED;
import static dev.portico.system.FieldSpec.Rule.SECRET;
import static dev.portico.system.FieldSpec.Rule.SECRET_MEMBERS;
import static dev.portico.system.FieldSpec.Rule.UNIQUE;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * The system resources and their fields, named as DreamFactory's API names them (its
 * {@code created_date}, {@code last_modified_date}, {@code to} … map to Portico's columns).
 */
public final class SystemResources {
    private final List<ResourceSpec> resources;

    public SystemResources() {
        resources = withLimits(List.of(user("admin", true), user("user", false),
                ResourceSpec.named("role", "role")
                        .field("name", TEXT, REQUIRED, UNIQUE).field("description", TEXT).field("is_active", BOOLEAN)
                        .related("role_service_access_by_role_id", "role_service_access", "role_id")
                        .related("lookup_by_role_id", "lookup", "role_id").build(),
                ResourceSpec.named("role_service_access", "role_service_access")
                        .field("role_id", INTEGER, REQUIRED).field("service_id", INTEGER).field("component", TEXT)
                        .field("verb_mask", INTEGER, REQUIRED).field("requestor_mask", INTEGER).field("filters", JSON)
                        .field("filter_op", TEXT).build(),
                ResourceSpec.named("app", "app")
                        .field("name", TEXT, REQUIRED, UNIQUE).field("api_key", TEXT, READ_ONLY)
                        .field("description", TEXT).field("is_active", BOOLEAN).field("type", INTEGER)
                        .field("path", TEXT).field("url", TEXT).field("storage_service_id", INTEGER)
                        .field("storage_container", TEXT).field("requires_fullscreen", BOOLEAN)
                        .field("allow_fullscreen_toggle", BOOLEAN).field("toggle_location", TEXT)
                        .field("role_id", INTEGER).related("lookup_by_app_id", "lookup", "app_id").build(),
                ResourceSpec.named("service", "service")
                        .field("name", TEXT, REQUIRED, UNIQUE).field("label", TEXT, REQUIRED).field("description", TEXT)
                        .field("is_active", BOOLEAN).field("type", TEXT, REQUIRED).field("mutable", BOOLEAN, READ_ONLY)
                        .field("deletable", BOOLEAN, READ_ONLY).field("config", JSON, SECRET_MEMBERS).build(),
                ResourceSpec.named("lookup", "lookup")
                        .field("name", TEXT, REQUIRED).field("value", TEXT, SECRET).field("private", BOOLEAN)
                        .field("description", TEXT).field("app_id", INTEGER).field("role_id", INTEGER)
                        .field("user_id", INTEGER).build(),
                ResourceSpec.named("cors", "cors_config")
                        .field("path", TEXT, REQUIRED, UNIQUE).field("description", TEXT).field("origin", TEXT)
                        .field("header", TEXT).field("exposed_header", TEXT).field("method", INTEGER)
                        .field("max_age", INTEGER).field("supports_credentials", BOOLEAN).field("enabled", BOOLEAN).build(),
                ResourceSpec.named("email_template", "email_template")
                        .field("name", TEXT, REQUIRED, UNIQUE).field("description", TEXT)
                        .mapped("to", "to_address", TEXT).field("cc", TEXT).field("bcc", TEXT).field("subject", TEXT)
                        .field("attachment", TEXT).field("body_text", TEXT).field("body_html", TEXT)
                        .field("from_name", TEXT).field("from_email", TEXT).field("reply_to_name", TEXT)
                        .field("reply_to_email", TEXT).field("defaults", JSON).build(),
                ResourceSpec.named("custom", "setting").withoutAuditColumns()
                        .field("name", TEXT, REQUIRED, UNIQUE).field("value", TEXT).build(),
                ResourceSpec.named("event_script", "event_script")
                        .field("name", TEXT, REQUIRED, UNIQUE).field("type", TEXT, REQUIRED).field("content", TEXT)
                        .field("config", JSON).field("is_active", BOOLEAN).field("allow_event_modification", BOOLEAN)
                        .field("storage_service_id", INTEGER).field("storage_path", TEXT)
                        .field("scm_repository", TEXT).field("scm_reference", TEXT).build(),
                ResourceSpec.named("scheduler", "scheduled_task")
                        .field("name", TEXT, REQUIRED, UNIQUE).field("description", TEXT).field("is_active", BOOLEAN)
                        .field("service_id", INTEGER, REQUIRED).field("component", TEXT).field("verb", TEXT, REQUIRED)
                        .field("verb_mask", INTEGER, READ_ONLY).field("frequency", INTEGER, REQUIRED)
                        .field("payload", JSON).build(),
                ResourceSpec.named("user_to_app_to_role", "user_app_role").withoutAuditColumns()
                        .field("user_id", INTEGER, REQUIRED).field("app_id", INTEGER, REQUIRED)
                        .field("role_id", INTEGER, REQUIRED).build()));
    }

    /** Resources reachable only through {@code related} or their parent, not as routes of their own. */
    private static final List<String> EMBEDDED = List.of("role_service_access", "user_to_app_to_role");

    /** Whether {@code /api/v2/system/{name}} serves this resource directly. */
    public boolean routable(String name) {
        return find(name).isPresent() && !EMBEDDED.contains(name);
    }

    /** Column sizes of the schema (V1), so that a value too long is a 400 naming its field on every engine. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("user_account.name", 255), Map.entry("user_account.username", 191),
            Map.entry("user_account.first_name", 255), Map.entry("user_account.last_name", 255),
            Map.entry("user_account.email", 191), Map.entry("user_account.phone", 32),
            Map.entry("user_account.security_question", 255), Map.entry("role.name", 64), Map.entry("service.name", 40),
            Map.entry("service.label", 80), Map.entry("service.type", 40), Map.entry("role_service_access.component", 255),
            Map.entry("role_service_access.filter_op", 32), Map.entry("app.name", 64),
            Map.entry("app.storage_container", 255), Map.entry("app.toggle_location", 64),
            Map.entry("event_script.name", 191), Map.entry("event_script.type", 40),
            Map.entry("event_script.scm_reference", 255), Map.entry("scheduled_task.name", 64),
            Map.entry("scheduled_task.component", 255), Map.entry("scheduled_task.verb", 16), Map.entry("lookup.name", 191),
            Map.entry("cors_config.path", 191), Map.entry("email_template.name", 64),
            Map.entry("email_template.subject", 191), Map.entry("email_template.from_name", 255),
            Map.entry("email_template.from_email", 255), Map.entry("email_template.reply_to_name", 255),
            Map.entry("email_template.reply_to_email", 255), Map.entry("setting.name", 191));
    /** Columns of SQL type integer (32 bits); the other whole numbers are ids (64 bits). */
    private static final Set<String> INT32 = Set.of("verb_mask", "requestor_mask", "type", "method", "max_age", "frequency");

    private static ResourceSpec limited(ResourceSpec spec) {
        List<FieldSpec> fields = spec.fields().stream()
                .map(f -> f.limited(LENGTHS.getOrDefault(spec.table() + "." + f.column(), 0),
                        f.kind() == FieldSpec.Kind.INTEGER && INT32.contains(f.column())))
                .toList();
        return new ResourceSpec(spec.name(), spec.table(), fields, spec.scope(), spec.relations(), spec.audited());
    }

    private static ResourceSpec user(String name, boolean sysAdmin) {
        return ResourceSpec.named(name, "user_account").scope("is_sys_admin", sysAdmin)
                .field("name", TEXT).field("username", TEXT, UNIQUE).field("first_name", TEXT)
                .field("last_name", TEXT).field("email", TEXT, REQUIRED, UNIQUE).field("password", TEXT, PASSWORD)
                .field("is_active", BOOLEAN).field("phone", TEXT).field("security_question", TEXT)
                .field("default_app_id", INTEGER).mapped("last_login_date", "last_login_at", TIMESTAMP, READ_ONLY)
                .related("lookup_by_user_id", "lookup", "user_id")
                .related("user_to_app_to_role_by_user_id", "user_to_app_to_role", "user_id").build();
    }

    private List<ResourceSpec> withLimits(List<ResourceSpec> specs) {
        return specs.stream().map(SystemResources::limited).toList();
    }

    public Optional<ResourceSpec> find(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public List<ResourceSpec> all() {
        return resources;
    }
}
