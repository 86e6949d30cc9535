package dev.portico.backup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks an operator asks for after a restore or an upgrade (users, API configurations, scripts,
 * settings), each a group of tables whose comparisons with the archive it sums up. Stateless.
 */
final class CheckGroups {
    /** The named checks and the tables each covers; every table also gets a row of its own. */
    static final Map<String, List<String>> GROUPS = groups();

    private CheckGroups() {
    }

    /** A named group of tables; {@code more} are the group's own health findings, null when not checked. */
    static Check check(String name, Map<String, TableDiff> diffs, List<String> more) {
        List<String> problems = new ArrayList<>();
        long rows = 0;
        for (String table : GROUPS.get(name)) {
            TableDiff diff = diffs.get(table);
            if (diff == null) {
                problems.add(table + ": in neither the archive nor the database");
            } else if (!diff.equal()) {
                problems.add(diff.describe());
            }
            rows += diff == null ? 0 : diff.liveRows();
        }
        if (more != null) {
            problems.addAll(more);
        }
        return Check.of(name, problems, rows + " rows of " + String.join(", ", GROUPS.get(name))
                + " equal to the archive" + (more == null ? ""
                : name.equals("users") ? "; every password a well-formed bcrypt hash"
                : name.equals("api configurations") ? "; every sealed secret opens" : ""));
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("users", List.of("user_account"));
        groups.put("api configurations", List.of("service"));
        groups.put("scripts", List.of("event_script", "scheduled_task"));
        groups.put("settings", List.of("setting", "lookup", "cors_config", "email_template", "app", "role",
                "role_service_access", "user_app_role"));
        return Collections.unmodifiableMap(groups);
    }
}
