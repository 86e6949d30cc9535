package dev.portico.filter;

import dev.portico.PorticoException;
import dev.portico.filter.FilterNode.Comparison;
import dev.portico.filter.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses DreamFactory's {@code filter} parameter into a {@link FilterNode} tree, with the grammar
 * described in {@code package-info.java}. Thread-safe: each call parses on its own state.
 */
public final class FilterParser {
    /** The longest filter accepted, in characters. */
    public static final int MAX_LENGTH = 8192;
    /** How deeply parentheses and NOT may nest. */
    public static final int MAX_DEPTH = 32;
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "XOR", "NOR");

    private final String filter;
    private final List<Token> tokens;
    private int next;

    private FilterParser(String filter) {
        this.filter = filter;
        this.tokens = FilterLexer.tokens(filter);
    }

    /** The tree for {@code filter}; a 400 {@link dev.portico.PorticoException} says why one cannot be read. */
    public static FilterNode parse(String filter) {
        if (filter == null || filter.isBlank()) {
            throw FilterErrors.invalid("The filter is empty.");
        }
        if (filter.length() > MAX_LENGTH) {
            throw FilterErrors.invalid("The filter has " + filter.length() + " characters; the limit is " + MAX_LENGTH + ".");
        }
        FilterParser parser = new FilterParser(filter);
        FilterNode node = parser.disjunction(0);
        if (parser.peek().kind() != Kind.END) {
            throw parser.unexpected(parser.peek(), "Expected AND, OR or the end of the filter");
        }
        return node;
    }

    private FilterNode disjunction(int depth) {
        List<FilterNode> operands = new ArrayList<>(List.of(conjunction(depth)));
        while (peek().isWord("OR") || peek().isSymbol("||")) {
            next++;
            operands.add(conjunction(depth));
        }
        if (peek().isWord("XOR") || peek().isWord("NOR")) {
            throw unexpected(peek(), "XOR and NOR are not supported; write the condition with AND, OR and NOT");
        }
        return operands.size() == 1 ? operands.get(0) : new FilterNode.Or(operands);
    }

    private FilterNode conjunction(int depth) {
        List<FilterNode> operands = new ArrayList<>(List.of(negation(depth)));
        while (peek().isWord("AND") || peek().isSymbol("&&")) {
            next++;
            operands.add(negation(depth));
        }
        return operands.size() == 1 ? operands.get(0) : new FilterNode.And(operands);
    }

    private FilterNode negation(int depth) {
        Token token = peek();
        if (token.isWord("NOT")) {
            next++;
            return new FilterNode.Not(negation(deeper(depth, token)));
        }
        if (token.kind() == Kind.OPEN) {
            next++;
            FilterNode group = disjunction(deeper(depth, token));
            expect(Kind.CLOSE, "Expected ')' to close the '(' at position " + token.position());
            return group;
        }
        return comparison();
    }

    private FilterNode comparison() {
        String field = fieldName(take());
        Operator operator = OperatorReader.read(this, field);
        List<Value> values = switch (operator.shape()) {
            case NONE -> List.of();
            case LIST -> list(operator);
            case SINGLE, PATTERN -> List.of(single(operator));
        };
        return new Comparison(field, operator, values);
    }

    private String fieldName(Token token) {
        boolean quoted = token.kind() == Kind.DOUBLE_QUOTED || token.kind() == Kind.BACKQUOTED;
        boolean bare = token.kind() == Kind.WORD && !RESERVED.contains(token.text().toUpperCase(Locale.ROOT));
        if ((quoted || bare) && FIELD.matcher(token.text()).matches()) {
            return token.text();
        }
        throw unexpected(token, quoted || bare
                ? "A field name must be 1 to 64 letters, digits or '_'"
                : "Expected a comparison such as name = 'value'");
    }

    private List<Value> list(Operator operator) {
        Token open = peek();
        if (open.kind() != Kind.OPEN) {
            throw FilterErrors.badRequest(FilterErrors.LIST_NEEDS_PARENTHESES + " " + operator.spelling()
                    + " at position " + open.position() + " needs a list such as ('a', 'b').");
        }
        next++;
        List<Value> values = new ArrayList<>();
        do {
            values.add(value(operator));
        } while (takeIf(Kind.COMMA));
        expect(Kind.CLOSE, "Expected ',' or ')' in the list opened at position " + open.position());
        return values;
    }

    private Value single(Operator operator) {
        if (peek().kind() == Kind.OPEN) {
            throw unexpected(peek(), "A parenthesised value is only allowed as the list after IN or NOT IN"
                    + " (Portico never runs filter text as SQL)");
        }
        return value(operator);
    }

    private Value value(Operator operator) {
        Token token = take();
        String text = token.text();
        return switch (token.kind()) {
            case SINGLE_QUOTED, DOUBLE_QUOTED -> new Value.Text(text);
            case PARAM -> new Value.Param(text);
            case LOOKUP -> new Value.Lookup(text);
            case WORD -> {
                if (RESERVED.contains(text.toUpperCase(Locale.ROOT))) {
                    throw unexpected(token, "Expected a value after " + operator.spelling());
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    yield new Value.Bool(text.equalsIgnoreCase("true"));
                }
                if (text.equalsIgnoreCase("null")) {
                    yield new Value.Null();
                }
                yield Value.Number.SYNTAX.matcher(text).matches() ? new Value.Number(text) : new Value.Text(text);
            }
            default -> throw unexpected(token, "Expected a value after " + operator.spelling());
        };
    }

    private int deeper(int depth, Token token) {
        if (depth >= MAX_DEPTH) {
            throw unexpected(token, "The filter nests parentheses and NOT deeper than " + MAX_DEPTH + " levels");
        }
        return depth + 1;
    }

    Token peek() {
        return tokens.get(next);
    }

    Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private boolean takeIf(Kind kind) {
        boolean match = peek().kind() == kind;
        next += match ? 1 : 0;
        return match;
    }

    private void expect(Kind kind, String reason) {
        if (!takeIf(kind)) {
            throw unexpected(peek(), reason);
        }
    }

    PorticoException unexpected(Token token, String reason) {
        return FilterErrors.unparsable(reason, filter, token.position());
    }
}
