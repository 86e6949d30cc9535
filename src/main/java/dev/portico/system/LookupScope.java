package dev.portico.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.systemdb.SqlHandle;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of lookup scopes that a unique index cannot express (NULLs never collide): a lookup
 * belongs to at most one of an app, a role and a user, and its name is unique within its scope.
 */
final class LookupScope {
    private static final List<String> OWNERS = List.of("app_id", "role_id", "user_id");

    private LookupScope() {
    }

    static void check(SqlHandle handle, JsonNode record, Map<String, Object> stored, Long id) throws SQLException {
        List<Object> owners = new ArrayList<>();
        String owner = null;
        for (String column : OWNERS) {
            Object value = record.has(column) ? (record.get(column).isNull() ? null : record.get(column).asLong())
                    : stored == null ? null : stored.get(column);
            if (value != null) {
                owner = column;
                owners.add(((Number) value).longValue());
            }
        }
        if (owners.size() > 1) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "A lookup belongs to at most one of app_id, role_id and "
                    + "user_id; leave the others empty (none at all makes it a system lookup).");
        }
        Object name = record.has("name") ? record.get("name").asText() : stored == null ? null : stored.get("name");
        if (name == null) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM lookup WHERE name = ?");
        List<Object> values = new ArrayList<>(List.of(name));
        for (String column : OWNERS) {
            if (column.equals(owner)) {
                sql.append(" AND ").append(column).append(" = ?");
                values.add(owners.get(0));
            } else {
                sql.append(" AND ").append(column).append(" IS NULL");
            }
        }
        if (id != null) {
            sql.append(" AND id <> ?");
            values.add(id);
        }
        if (handle.number(sql.toString(), values.toArray()) > 0) {
            throw new PorticoException(ErrorCode.CONFLICT, "A lookup named '" + name + "' already exists in this scope ("
                    + (owner == null ? "system" : owner.replace("_id", "") + " " + owners.get(0)) + ").");
        }
    }
}
