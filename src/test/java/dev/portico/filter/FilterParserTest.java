package dev.portico.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.filter.FilterNode.And;
import dev.portico.filter.FilterNode.Comparison;
import dev.portico.filter.FilterNode.Not;
import dev.portico.filter.FilterNode.Or;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {
    private static Comparison is(String field, Operator operator, Value... values) {
        return new Comparison(field, operator, List.of(values));
    }

    private static Value text(String text) {
        return new Value.Text(text);
    }

    @Test
    void every_example_from_the_dreamfactory_reference_parses() {
        assertEquals(is("first_name", Operator.EQ, text("John")), FilterParser.parse("first_name='John'"));
        assertEquals(new And(List.of(is("first_name", Operator.EQ, text("John")), is("last_name", Operator.EQ, text("Smith")))),
                FilterParser.parse("(first_name='John') AND (last_name='Smith')"));
        assertEquals(new And(List.of(is("status", Operator.EQ, text("active")), is("age", Operator.GTE, new Value.Number("21")))),
                FilterParser.parse("(status='active') && (age >= 21)"));
        assertEquals(is("age", Operator.GTE, new Value.Number("30")), FilterParser.parse("age GTE 30"));
        assertEquals(is("email", Operator.LIKE, text("%@corp.com")), FilterParser.parse("email like '%@corp.com'"));
        assertEquals(is("name", Operator.STARTS_WITH, text("App")), FilterParser.parse("name STARTS WITH 'App'"));
        assertEquals(is("name", Operator.NOT_LIKE, text("test%")), FilterParser.parse("name NOT LIKE 'test%'"));
        assertEquals(is("status", Operator.IN, text("active"), text("pending")),
                FilterParser.parse("status IN ('active','pending')"));
        assertEquals(is("deleted_at", Operator.IS_NULL), FilterParser.parse("deleted_at IS NULL"));
        assertEquals(new Not(is("status", Operator.EQ, text("deleted"))), FilterParser.parse("NOT (status='deleted')"));
        assertEquals(is("user_id", Operator.EQ, new Value.Lookup("user.id")), FilterParser.parse("user_id={user.id}"));
        assertEquals(is("status", Operator.EQ, new Value.Param("st")), FilterParser.parse("status=:st"));
    }

    @Test
    void and_binds_tighter_than_or_unlike_dreamfactory() {
        FilterNode a = is("a", Operator.EQ, new Value.Number("1"));
        FilterNode b = is("b", Operator.EQ, new Value.Number("2"));
        FilterNode c = is("c", Operator.EQ, new Value.Number("3"));

        assertEquals(new Or(List.of(a, new And(List.of(b, c)))), FilterParser.parse("(a=1) OR (b=2) AND (c=3)"));
        assertEquals(new Or(List.of(new And(List.of(a, b)), c)), FilterParser.parse("a=1 && b=2 || c=3"));
        assertEquals(new And(List.of(new Or(List.of(a, b)), c)), FilterParser.parse("(a=1 OR b=2) AND c=3"));
        assertEquals(new Or(List.of(a, b, c)), FilterParser.parse("a=1 or b=2 OR c=3"));
    }

    @Test
    void not_applies_to_the_next_operand_only_and_may_repeat() {
        FilterNode a = is("a", Operator.EQ, new Value.Number("1"));
        FilterNode b = is("b", Operator.EQ, new Value.Number("2"));

        assertEquals(new And(List.of(new Not(a), b)), FilterParser.parse("NOT a=1 AND b=2"));
        assertEquals(new Not(new And(List.of(a, b))), FilterParser.parse("not (a=1 and b=2)"));
        assertEquals(new Or(List.of(a, new Not(new Not(b)))), FilterParser.parse("a=1 OR NOT NOT(b=2)"));
    }

    @Test
    void word_operators_and_keywords_are_case_insensitive_and_have_not_forms() {
        assertEquals(is("n", Operator.IS_NOT_NULL), FilterParser.parse("n is Not null"));
        assertEquals(is("n", Operator.NOT_IN, new Value.Number("1")), FilterParser.parse("n not in (1)"));
        assertEquals(is("n", Operator.NOT_ENDS_WITH, text("x")), FilterParser.parse("n Not Ends With 'x'"));
        assertEquals(is("n", Operator.NOT_CONTAINS, text("x")), FilterParser.parse("n NOT contains \"x\""));
        assertEquals(is("n", Operator.NE, new Value.Number("-2.5e3")), FilterParser.parse("n ne -2.5e3"));
        assertEquals(is("n", Operator.NE, text("x")), FilterParser.parse("n <> x"));
        assertEquals(is("n", Operator.LTE, text("2024-01-31T12:00:00Z")), FilterParser.parse("n<=2024-01-31T12:00:00Z"));
        assertEquals(is("n", Operator.EQ, new Value.Bool(true)), FilterParser.parse("n EQ TRUE"));
        assertEquals(is("n", Operator.EQ, new Value.Null()), FilterParser.parse("n = Null"));
    }

    @Test
    void quotes_are_doubled_inside_strings_and_fields_may_be_quoted() {
        assertEquals(is("name", Operator.EQ, text("O'Brien")), FilterParser.parse("name = 'O''Brien'"));
        assertEquals(is("name", Operator.EQ, text("say \"hi\" -- ; DROP")), FilterParser.parse("`name` = \"say \"\"hi\"\" -- ; DROP\""));
        assertEquals(is("order", Operator.EQ, text("")), FilterParser.parse("\"order\" = ''"));
        assertEquals(is("not", Operator.EQ, text("Zoë 日本")), FilterParser.parse("`not` = 'Zoë 日本'"));
    }

    @Test
    void errors_say_what_is_wrong_and_where() {
        assertError("Invalid or unparsable filter request. Expected a comparison operator after the field 'age' at position 5 (near 'GTE30').",
                "age GTE30");
        assertError("Invalid or unparsable filter request. A quoted string is not closed at position 8 (near ''O''Brien').",
                "name = 'O''Brien");
        assertError("Invalid or unparsable filter request. Expected AND, OR or the end of the filter at position 11 (near 'Brien').",
                "name = 'O'Brien");
        assertError("Invalid or unparsable filter request. Expected ')' to close the '(' at position 1 at the end of the filter.",
                "(a = 1");
        assertError("Invalid or unparsable filter request. The character ';' is not allowed outside quotes at position 7 (near '; DROP TABLE users').",
                "a = 1 ; DROP TABLE users");
        assertError("Invalid or unparsable filter request. XOR and NOR are not supported; write the condition with AND, OR and NOT"
                + " at position 7 (near 'XOR b = 2').", "a = 1 XOR b = 2");
        assertError("Invalid or unparsable filter request. A parenthesised value is only allowed as the list after IN or NOT IN"
                + " (Portico never runs filter text as SQL) at position 5 (near '(SELECT password FROM users)').",
                "a = (SELECT password FROM users)");
        assertError("Filter value lists must be wrapped in parentheses. IN at position 11 needs a list such as ('a', 'b').",
                "status IN 'active'");
        assertError("Invalid or unparsable filter request. The character '\\' is not allowed outside quotes at position 5 (near '\\x').",
                "a = \\x");
        assertError("Invalid or unparsable filter request. The filter is empty.", "  ");
    }

    @Test
    void the_depth_and_length_limits_are_enforced() {
        String deep = "(".repeat(33) + "a=1" + ")".repeat(33);
        assertTrue(message(deep).contains("deeper than 32 levels at position 33"), message(deep));
        assertEquals(is("a", Operator.EQ, new Value.Number("1")), FilterParser.parse("(".repeat(32) + "a=1" + ")".repeat(32)));
        assertEquals(32, depth(FilterParser.parse("NOT ".repeat(32) + "a=1")));
        assertTrue(message("NOT ".repeat(40) + "a=1").contains("deeper than 32 levels"));
        assertEquals("Invalid or unparsable filter request. The filter has 8193 characters; the limit is 8192.",
                message("a=" + "1".repeat(8191)));
    }

    @Test
    void messages_never_echo_more_than_80_characters_of_the_filter() {
        String secretish = "x".repeat(500);
        String message = message("a = 1 " + secretish);
        assertTrue(!message.contains("x".repeat(31)) && message.length() < 200, message);
        assertTrue(message("`" + secretish + "` = 1").length() < 200);
    }

    private static int depth(FilterNode node) {
        return node instanceof Not not ? 1 + depth(not.operand()) : 0;
    }

    private static void assertError(String expected, String filter) {
        assertEquals(expected, message(filter));
    }

    private static String message(String filter) {
        PorticoException error = assertThrows(PorticoException.class, () -> FilterParser.parse(filter));
        assertEquals(ErrorCode.BAD_REQUEST, error.code());
        return error.getMessage();
    }
}
