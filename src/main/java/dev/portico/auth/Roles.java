package dev.portico.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.auth.rbac.AccessRule;
import dev.portico.auth.rbac.FilterJoin;
import dev.portico.auth.rbac.Lookup;
import dev.portico.auth.rbac.LookupSet;
import dev.portico.auth.rbac.Role;
import dev.portico.auth.rbac.RowFilter;
import dev.portico.crypto.SecretBox;
import dev.portico.systemdb.SqlHandle;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads what access control needs from the system database: the role that applies to a caller
 * with its access rules, and the lookups of every scope (values opened with APP_KEY). Thread-safe.
 */
public final class Roles {
    private final SecretBox secrets;
    private final ObjectMapper json;

    public Roles(SecretBox secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    /** The user's role for this app, else the app's default role; inactive roles give no access. */
    Optional<Role> forCaller(SqlHandle handle, Optional<Long> userId, Caller.AppIdentity app) throws SQLException {
        Long roleId = null;
        if (userId.isPresent()) {
            roleId = handle.row("SELECT role_id FROM user_app_role WHERE user_id = ? AND app_id = ?", userId.get(), app.id())
                    .map(row -> ((Number) row.get("role_id")).longValue()).orElse(null);
        }
        if (roleId == null) {
            roleId = app.roleId();
        }
        return roleId == null ? Optional.empty() : load(handle, roleId);
    }

    Optional<Role> load(SqlHandle handle, long roleId) throws SQLException {
        Optional<Map<String, Object>> row = handle.row("SELECT id, name, is_active FROM role WHERE id = ?", roleId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        List<AccessRule> rules = new ArrayList<>();
        for (Map<String, Object> rule : handle.rows("SELECT a.service_id, s.name AS service_name, a.component, "
                + "a.verb_mask, a.requestor_mask, a.filters, a.filter_op FROM role_service_access a "
                + "LEFT JOIN service s ON s.id = a.service_id WHERE a.role_id = ? ORDER BY a.id", roleId)) {
            rules.add(new AccessRule(rule.get("service_id") == null ? null : ((Number) rule.get("service_id")).longValue(),
                    (String) rule.get("service_name"), rule.get("component") == null ? "" : (String) rule.get("component"),
                    ((Number) rule.get("verb_mask")).intValue(), ((Number) rule.get("requestor_mask")).intValue(),
                    filters((String) rule.get("filters")), FilterJoin.parse((String) rule.get("filter_op"))));
        }
        return Optional.of(new Role(roleId, (String) row.get().get("name"), SqlHandle.truthy(row.get().get("is_active")),
                rules));
    }

    LookupSet lookups(SqlHandle handle, Optional<Caller.AppIdentity> app, Optional<Role> role,
                      Optional<Caller.Account> user) throws SQLException {
        return LookupSet.merge(
                lookups(handle, "app_id IS NULL AND role_id IS NULL AND user_id IS NULL", null),
                app.isEmpty() ? List.of() : lookups(handle, "app_id = ?", app.get().id()),
                role.isEmpty() ? List.of() : lookups(handle, "role_id = ?", role.get().id()),
                user.isEmpty() ? List.of() : lookups(handle, "user_id = ?", user.get().id()));
    }

    private List<Lookup> lookups(SqlHandle handle, String condition, Long id) throws SQLException {
        List<Lookup> lookups = new ArrayList<>();
        Object[] values = id == null ? new Object[0] : new Object[] {id};
        for (Map<String, Object> row : handle.rows("SELECT name, value, private FROM lookup WHERE " + condition
                + " ORDER BY id", values)) {
            String value = row.get("value") == null ? "" : secrets.open((String) row.get("value"));
            lookups.add(new Lookup((String) row.get("name"), value, SqlHandle.truthy(row.get("private"))));
        }
        return lookups;
    }

    private List<RowFilter> filters(String text) {
        List<RowFilter> filters = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return filters;
        }
        try {
            for (JsonNode filter : json.readTree(text)) {
                filters.add(new RowFilter(filter.path("name").asText(), filter.path("operator").asText("="),
                        filter.path("value").asText("")));
            }
        } catch (IOException e) {
            // a rule whose filters cannot be read must not widen access: it gets a filter no row passes
            filters.add(new RowFilter("id", "IS NULL", ""));
        }
        return filters;
    }
}
