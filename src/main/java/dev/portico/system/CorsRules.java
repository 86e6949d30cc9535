package dev.portico.system;

import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CORS rules stored under {@code /system/cors}, read at most every few seconds (so every node
 * picks up a change quickly without a query per request). The most specific path wins. Thread-safe.
 */
public final class CorsRules {
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private static final int VERB_GET = 1, VERB_POST = 2, VERB_PUT = 4, VERB_PATCH = 8, VERB_DELETE = 16;

    /** One enabled rule. */
    public record Rule(String path, List<String> origins, String headers, String exposedHeaders, int methodMask,
                       int maxAge, boolean credentials) {
        public boolean allowsOrigin(String origin) {
            return origins.contains("*") || origins.stream().anyMatch(o -> o.equalsIgnoreCase(origin));
        }

        public String methods() {
            List<String> names = new ArrayList<>();
            int[] bits = {VERB_GET, VERB_POST, VERB_PUT, VERB_PATCH, VERB_DELETE};
            String[] verbs = {"GET", "POST", "PUT", "PATCH", "DELETE"};
            for (int i = 0; i < bits.length; i++) {
                if ((methodMask & bits[i]) != 0) {
                    names.add(verbs[i]);
                }
            }
            return String.join(", ", names);
        }
    }

    private final SystemDatabase database;
    private final Clock clock;
    private volatile List<Rule> rules = List.of();
    private volatile Instant loadedAt = Instant.MIN;

    public CorsRules(SystemDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The rule for a request path ({@code api/v2/…}), if one matches its origin. */
    public Optional<Rule> match(String path, String origin) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return current().stream()
                .filter(rule -> rule.path().equals("*") || relative.startsWith(rule.path().replaceAll("^/|\\*$", "")))
                .filter(rule -> rule.allowsOrigin(origin))
                .max(Comparator.comparingInt(rule -> rule.path().equals("*") ? 0 : rule.path().length()));
    }

    /** Forgets the cached rules, after a write to {@code /system/cors}. */
    public void refresh() {
        loadedAt = Instant.MIN;
    }

    private List<Rule> current() {
        if (loadedAt.plus(FRESH_FOR).isBefore(clock.instant())) {
            List<Rule> loaded = new ArrayList<>();
            for (Map<String, Object> row : database.read(handle -> handle.rows(
                    "SELECT path, origin, header, exposed_header, method, max_age, supports_credentials FROM cors_config "
                            + "WHERE enabled = ?", true))) {
                String origins = row.get("origin") == null ? "" : row.get("origin").toString();
                loaded.add(new Rule(row.get("path").toString(), Arrays.stream(origins.split(",")).map(String::strip)
                        .filter(o -> !o.isEmpty()).toList(), text(row.get("header")), text(row.get("exposed_header")),
                        ((Number) row.get("method")).intValue(), ((Number) row.get("max_age")).intValue(),
                        SqlHandle.truthy(row.get("supports_credentials"))));
            }
            rules = List.copyOf(loaded);
            loadedAt = clock.instant();
        }
        return rules;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
