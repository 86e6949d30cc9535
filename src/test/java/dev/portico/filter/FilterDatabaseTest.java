package dev.portico.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rendered filters run against a real canary table on SQLite, PostgreSQL and MariaDB. A server that
 * is not running fails the test (TestDatabase says how to start it); nothing is skipped.
 */
class FilterDatabaseTest {
    private static final Map<String, Object> PARAMS = Map.of(":q", 30, ":who", "Bob");
    private static final Function<String, Optional<Object>> LOOKUPS =
            name -> name.equals("user.id") ? Optional.of("5") : Optional.empty();

    /** A filter and the ids of the canary rows it must select, on every engine. */
    private static final Object[][] CASES = {
        {"qty = 30", List.of(1)},
        {"qty != 30", List.of(2, 3, 5, 6, 7, 8)},
        {"qty > 21", List.of(1, 2, 8)},
        {"qty >= 21", List.of(1, 2, 6, 8)},
        {"qty < 10", List.of(5, 7)},
        {"qty LTE 10", List.of(3, 5, 7)},
        {"qty gt 21 AND qty <= 45", List.of(1, 2)},
        {"price > 9.99", List.of(2, 5, 6)},
        {"price = 5.5", List.of(3)},
        {"price < 0", List.of(7)},
        {"name IN ('Ann', :who, 'nobody')", List.of(1, 2)},
        {"name NOT IN ('Ann', 'Bob')", List.of(3, 4, 5, 6, 7, 8)},
        {"qty IN (7, :q)", List.of(1, 5)},
        {"name LIKE 'snake%'", List.of(4, 5)},
        {"name LIKE 'snake\\_%'", List.of(4)},
        {"name LIKE '%o%'", List.of(2, 6, 7)},
        {"name NOT LIKE '%o%'", List.of(1, 3, 4, 5, 8)},
        {"name CONTAINS '%'", List.of(3)},
        {"name CONTAINS '_'", List.of(4)},
        {"name CONTAINS '!'", List.of(7)},
        {"name CONTAINS '\\'", List.of(8)},
        {"name NOT CONTAINS 'snake'", List.of(1, 2, 3, 6, 7, 8)},
        {"name STARTS WITH 'snake_'", List.of(4)},
        {"name starts with '100%'", List.of(3)},
        {"name ENDS WITH '_case'", List.of(4)},
        {"name ENDS WITH 'case'", List.of(4, 5)},
        {"name NOT ENDS WITH 'case'", List.of(1, 2, 3, 6, 7, 8)},
        {"note IS NULL", List.of(1, 8)},
        {"note = null", List.of(1, 8)},
        {"note IS NOT NULL", List.of(2, 3, 4, 5, 6, 7)},
        {"note = 'O''Brien'", List.of(7)},
        {"name = 'Zoë 日本'", List.of(6)},
        {"note CONTAINS 'ïcö' OR name STARTS WITH '日本'", List.of(6)},
        {"active = true", List.of(1, 3, 5, 7)},
        {"active = 0", List.of(2, 4, 6, 8)},
        {"active != 'false'", List.of(1, 3, 5, 7)},
        {"created_at = '2024-01-01T10:00:00Z'", List.of(1)},
        {"created_at > '2024-01-01 10:00:00'", List.of(2, 5, 6, 7)},
        {"created_at < 2024-01-01T10:00:00", List.of(3, 8)},
        {"created_at >= '2024-01-01T11:00:00+01:00'", List.of(1, 2, 5, 6, 7)},
        {"created_at = '2024-01-01 10:00:00.5'", List.of(6)},
        {"created_at IN ('2024-01-01 10:00:00', '2023-12-31T23:59:59')", List.of(1, 3)},
        {"created_at IS NULL", List.of(4)},
        {"(qty > 20 OR name STARTS WITH 'snake') AND NOT active = true", List.of(2, 4, 6, 8)},
        {"NOT (qty > 20 OR name STARTS WITH 'snake')", List.of(3, 7)},
        {"qty = 30 OR qty = 45 AND active = false", List.of(1, 2)},
        {"id NOT IN (1, 2, 3) && (note CONTAINS '_' || note = 'x')", List.of(4, 5)},
        {"id = {user.id}", List.of(5)},
    };

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void every_operator_selects_the_expected_rows(DatabaseEngine engine) throws Exception {
        FilterRenderer renderer = new FilterRenderer();
        try (TestDatabase database = TestDatabase.create(engine, folder);
             Connection connection = database.connect()) {
            CanaryTable.create(connection, engine);
            List<String> wrong = new ArrayList<>();
            for (Object[] example : CASES) {
                String filter = (String) example[0];
                SqlCondition condition = renderer.render(FilterParser.parse(filter), CanaryTable.FIELDS, engine, PARAMS, LOOKUPS);
                List<Integer> ids = CanaryTable.ids(connection, condition);
                if (!ids.equals(example[1])) {
                    wrong.add(filter + " selected " + ids + ", expected " + example[1] + " (" + condition.sql() + ")");
                }
            }
            assertEquals(List.of(), wrong, engine + ": filters that selected the wrong rows");
        }
    }
}
