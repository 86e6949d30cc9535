package dev.portico.filter;

import static dev.portico.config.DatabaseEngine.MYSQL;
import static dev.portico.config.DatabaseEngine.POSTGRESQL;
import static dev.portico.config.DatabaseEngine.SQLITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterRendererTest {
    static final FieldCatalog FIELDS = FieldCatalog.of(List.of(
            new Field("id", FieldKind.INTEGER), new Field("name", FieldKind.TEXT), new Field("Status", FieldKind.TEXT),
            new Field("price", FieldKind.DECIMAL), new Field("active", FieldKind.BOOLEAN),
            new Field("created_at", FieldKind.TIMESTAMP)));
    private static final Map<String, Object> PARAMS = Map.of(":st", "active", "limit", 5, ":nul", "a\u0000b");
    private static final Function<String, Optional<Object>> LOOKUPS =
            name -> Optional.ofNullable(Map.<String, Object>of("user.id", 42, "app.secret", "s3cr3t-VALUE").get(name));
    private final FilterRenderer renderer = new FilterRenderer();

    static Stream<Arguments> cases() {
        LocalDateTime noon = LocalDateTime.of(2024, 1, 31, 12, 0);
        return Stream.of(
                Arguments.of(SQLITE, "name = 'O''Brien'", "\"name\" = ?", List.of("O'Brien")),
                Arguments.of(MYSQL, "name = 'O''Brien'", "`name` = ?", List.of("O'Brien")),
                Arguments.of(POSTGRESQL, "STATUS != :st", "\"Status\" <> ?", List.of("active")),
                Arguments.of(MYSQL, "id IN (1, '2', :limit)", "`id` IN (?, ?, ?)", List.of(1L, 2L, 5L)),
                Arguments.of(SQLITE, "id not in ({user.id})", "\"id\" NOT IN (?)", List.of(42L)),
                Arguments.of(POSTGRESQL, "price GTE 9.90", "\"price\" >= ?", List.of(new BigDecimal("9.9"))),
                Arguments.of(SQLITE, "price lt 10", "\"price\" < ?", List.of(10.0)),
                Arguments.of(POSTGRESQL, "active = true", "\"active\" = ?", List.of(true)),
                Arguments.of(MYSQL, "active = 'false'", "`active` = ?", List.of(0)),
                Arguments.of(SQLITE, "active != 1", "\"active\" <> ?", List.of(1)),
                Arguments.of(SQLITE, "created_at > '2024-01-31T14:00:00+02:00'", "\"created_at\" > ?",
                        List.of("2024-01-31 12:00:00.000000")),
                Arguments.of(SQLITE, "created_at <= 2024-01-31", "\"created_at\" <= ?", List.of("2024-01-31 00:00:00.000000")),
                Arguments.of(POSTGRESQL, "created_at > '2024-01-31 12:00'", "\"created_at\" > ?", List.of(noon)),
                Arguments.of(MYSQL, "created_at = 2024-01-31T12:00:00.1234567Z", "`created_at` = ?",
                        List.of(noon.plusNanos(123_456_000))),
                Arguments.of(SQLITE, "name contains '50%_!'", "\"name\" LIKE ? ESCAPE '!'", List.of("%50!%!_!!%")),
                Arguments.of(MYSQL, "name NOT STARTS WITH 'a_'", "`name` NOT LIKE ? ESCAPE '!'", List.of("a!_%")),
                Arguments.of(POSTGRESQL, "name ends with '%'", "\"name\" LIKE ? ESCAPE '!'", List.of("%!%")),
                Arguments.of(POSTGRESQL, "name LIKE 'a\\_b%!'", "\"name\" LIKE ? ESCAPE '!'", List.of("a!_b%!!")),
                Arguments.of(SQLITE, "name = null", "\"name\" IS NULL", List.of()),
                Arguments.of(MYSQL, "name NE NULL", "`name` IS NOT NULL", List.of()),
                Arguments.of(SQLITE, "created_at is not null", "\"created_at\" IS NOT NULL", List.of()),
                Arguments.of(SQLITE, "name = 1e3", "\"name\" = ?", List.of("1e3")),
                Arguments.of(SQLITE, "(id=1) OR (name=2) AND (price=3)",
                        "(\"id\" = ? OR (\"name\" = ? AND \"price\" = ?))", List.of(1L, "2", 3.0)),
                Arguments.of(MYSQL, "NOT (id = 1 || id = 2) && NOT name = 'x'",
                        "(NOT (`id` = ? OR `id` = ?) AND NOT (`name` = ?))", List.of(1L, 2L, "x")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void renders_each_filter_to_the_exact_sql_and_parameters(DatabaseEngine engine, String filter, String sql, List<Object> parameters) {
        SqlCondition condition = render(filter, engine);

        assertEquals(sql, condition.sql());
        assertEquals(parameters, condition.parameters());
    }

    @Test
    void column_names_are_quoted_by_each_engines_rules_even_when_they_hold_quotes() {
        Field odd = new Field("we\"ird`name", FieldKind.TEXT);
        FieldCatalog aliased = name -> name.equals("x") ? Optional.of(odd) : Optional.empty();
        FilterNode node = FilterParser.parse("x = 1");

        assertEquals("\"we\"\"ird`name\" = ?", renderer.render(node, aliased, SQLITE, Map.of(), LOOKUPS).sql());
        assertEquals("\"we\"\"ird`name\" = ?", renderer.render(node, aliased, POSTGRESQL, Map.of(), LOOKUPS).sql());
        assertEquals("`we\"ird``name` = ?", renderer.render(node, aliased, MYSQL, Map.of(), LOOKUPS).sql());
    }

    @Test
    void a_value_that_does_not_fit_the_field_names_the_field_and_the_value() {
        assertEquals("Invalid or unparsable filter request. The field 'id' (INTEGER) takes an integer, and 'abc' is not.",
                message("id = 'abc'"));
        assertEquals("Invalid or unparsable filter request. The field 'active' (BOOLEAN) takes true or false, and 'yes' is not.",
                message("active = yes"));
        assertEquals("Invalid or unparsable filter request. The field 'created_at' (TIMESTAMP) takes an ISO-8601 timestamp"
                + " such as 2024-05-01T12:00:00Z, and '2024-02-30' is not.", message("created_at > '2024-02-30'"));
        assertTrue(message("id = 1.5").contains("'1.5' is not"));
        assertTrue(message("price = 1e40").contains("out of that range"));
    }

    @Test
    void unknown_fields_missing_parameters_and_missing_lookups_are_named() {
        assertEquals("Invalid or unparsable field in filter request: 'password'", message("password = 'x'"));
        assertEquals("Invalid or unparsable filter request. The filter uses the parameter ':who', but the request has no"
                + " value for it; send one in the body as {\"params\": {\":name\": value}}.", message("name = :who"));
        assertEquals("Invalid or unparsable filter request. The filter uses the lookup '{role.id}', which is not defined"
                + " for this session.", message("id = {role.id}"));
    }

    @Test
    void a_lookup_value_never_appears_in_an_error_message() {
        String message = message("id = {app.secret}");

        assertEquals("Invalid or unparsable filter request. The field 'id' (INTEGER) takes an integer, and the lookup"
                + " '{app.secret}' is not.", message);
        assertFalse(message("created_at IN (1, {app.secret})").contains("s3cr3t"));
        assertEquals("SqlCondition[sql=\"name\" = ?, parameters=1 bound]", render("name = {app.secret}", SQLITE).toString());
    }

    @Test
    void operators_that_cannot_match_are_refused() {
        assertEquals("Invalid or unparsable filter request. CONTAINS applies only to text fields, and 'id' is INTEGER.",
                message("id contains 1"));
        assertTrue(message("id IN (1, null)").contains("IN cannot compare the field 'id' with null; use IS NULL"));
        assertTrue(message("id > null").contains("> cannot compare"));
        assertEquals("Invalid or unparsable filter request. The value for field 'name' from the parameter ':nul' contains"
                + " a NUL character or malformed unicode.", message("name = :st OR name = :nul"));
    }

    @Test
    void one_renderer_serves_many_threads() {
        List<String> rendered = IntStream.range(0, 2000).parallel()
                .mapToObj(i -> render("id = " + i + " OR name IN ('a', :st)", i % 2 == 0 ? SQLITE : MYSQL))
                .map(condition -> condition.sql() + condition.parameters()).toList();

        for (int i = 0; i < rendered.size(); i++) {
            String quote = i % 2 == 0 ? "\"" : "`";
            String sql = "(" + quote + "id" + quote + " = ? OR " + quote + "name" + quote + " IN (?, ?))";
            assertEquals(sql + "[" + i + ", a, active]", rendered.get(i));
        }
    }

    private SqlCondition render(String filter, DatabaseEngine engine) {
        return renderer.render(FilterParser.parse(filter), FIELDS, engine, PARAMS, LOOKUPS);
    }

    private String message(String filter) {
        PorticoException error = assertThrows(PorticoException.class, () -> render(filter, POSTGRESQL));
        assertEquals(ErrorCode.BAD_REQUEST, error.code());
        return error.getMessage();
    }
}
