package dev.portico.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of hostile filters from a fixed seed: each either renders to SQL of the strict shape
 * {@link RenderedSqlGrammar} accepts, or fails with a 400 PorticoException and nothing else; the
 * rendered ones run against a SQLite canary table, which must come through untouched.
 */
class FilterInjectionPropertyTest {
    private static final long SEED = 20_240_601L;
    private static final int ITERATIONS = 6000;
    private static final List<String> COLUMNS = List.of("id", "name", "qty", "price", "active", "created_at", "note");
    private static final Set<Class<?>> BOUND_TYPES = Set.of(String.class, Long.class, Integer.class, Double.class,
            BigDecimal.class, Boolean.class, LocalDateTime.class);

    @TempDir
    Path folder;

    @Test
    void hostile_filters_either_render_to_strict_sql_or_fail_with_a_bad_request_and_never_touch_the_table() throws Exception {
        HostileFilters hostile = new HostileFilters(new Random(SEED));
        FilterRenderer renderer = new FilterRenderer();
        int rendered = 0;
        int rejected = 0;
        int executed = 0;
        try (TestDatabase database = TestDatabase.create(DatabaseEngine.SQLITE, folder);
             Connection connection = database.connect()) {
            CanaryTable.create(connection, DatabaseEngine.SQLITE);
            String before = CanaryTable.contents(connection);
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                String filter = hostile.filter();
                Map<String, Object> params = hostile.params();
                Map<String, Object> lookups = hostile.lookups();
                for (DatabaseEngine engine : DatabaseEngine.values()) {
                    String context = "iteration " + iteration + " on " + engine + ", filter " + escaped(filter);
                    try {
                        SqlCondition condition = renderer.render(FilterParser.parse(filter), CanaryTable.FIELDS, engine,
                                params, name -> Optional.ofNullable(lookups.get(name)));
                        checkRendered(condition, engine, context);
                        rendered++;
                        if (engine == DatabaseEngine.SQLITE) {
                            runOrFail(connection, condition, context);
                            executed++;
                        }
                    } catch (PorticoException error) {
                        checkRejected(error, filter, context);
                        rejected++;
                    } catch (RuntimeException | StackOverflowError unexpected) {
                        fail("Not a PorticoException at " + context, unexpected);
                    }
                }
            }
            assertEquals(before, CanaryTable.contents(connection), "the canary rows changed");
            assertEquals(Set.of("canary"), tables(connection), "the schema changed");
        }
        assertTrue(executed >= 500, "only " + executed + " hostile filters rendered and ran; the generator is too timid");
        assertTrue(rejected >= 1000, "only " + rejected + " hostile filters were rejected; the generator is too tame");
        assertEquals(ITERATIONS * 3, rendered + rejected);
    }

    @Test
    void the_sql_checker_accepts_only_the_strict_shape() {
        RenderedSqlGrammar.check("(NOT (\"name\" LIKE ? ESCAPE '!') OR (\"id\" IN (?, ?) AND \"note\" IS NULL))",
                DatabaseEngine.SQLITE, COLUMNS, 3);
        RenderedSqlGrammar.check("NOT (`qty` >= ? OR `qty` <> ?)", DatabaseEngine.MYSQL, COLUMNS, 2);
        for (String malformed : List.of("\"name\" = 'x'", "\"name\" = ? --", "\"name\" = ?; DROP TABLE canary",
                "\"password\" = ?", "`name` = ?", "\"name\" = ? UNION SELECT ?", "(\"id\" = ? AND \"id\" = ? OR \"id\" = ?)",
                "\"name\" LIKE ?", "\"name\"  = ?", "\"id\" IN ?", "\"id\" = ?)", "name = ?", "\"id\" = ? /* */")) {
            assertThrows(AssertionError.class, () -> RenderedSqlGrammar.check(malformed, DatabaseEngine.SQLITE, COLUMNS, 1), malformed);
        }
        assertThrows(AssertionError.class, () -> RenderedSqlGrammar.check("\"id\" = ?", DatabaseEngine.SQLITE, COLUMNS, 2));
    }

    private static void checkRendered(SqlCondition condition, DatabaseEngine engine, String context) {
        try {
            RenderedSqlGrammar.check(condition.sql(), engine, COLUMNS, condition.parameters().size());
        } catch (AssertionError malformed) {
            throw new AssertionError(malformed.getMessage() + " at " + context, malformed);
        }
        for (Object parameter : condition.parameters()) {
            assertTrue(BOUND_TYPES.contains(parameter.getClass()), parameter.getClass() + " bound at " + context);
        }
    }

    private static void checkRejected(PorticoException error, String filter, String context) {
        assertEquals(ErrorCode.BAD_REQUEST, error.code(), context);
        String message = error.getMessage();
        assertFalse(message.contains(HostileFilters.SECRET), "a lookup value leaked at " + context + ": " + message);
        for (int start = 0; start + 81 <= message.length(); start++) {
            assertFalse(filter.contains(message.substring(start, start + 81)), "over 80 characters echoed at " + context);
        }
    }

    private static void runOrFail(Connection connection, SqlCondition condition, String context) {
        try {
            List<Integer> ids = CanaryTable.ids(connection, condition);
            assertTrue(ids.size() <= CanaryTable.rowCount(), context);
        } catch (SQLException error) {
            fail("SQLite refused the rendered condition " + condition.sql() + " at " + context, error);
        }
    }

    private static Set<String> tables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'")) {
            rows.next();
            return Set.of(rows.getString(1).split(","));
        }
    }

    private static String escaped(String filter) {
        StringBuilder escaped = new StringBuilder();
        filter.chars().forEach(c -> escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.toString();
    }
}
