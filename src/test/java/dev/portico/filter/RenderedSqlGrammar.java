package dev.portico.filter;

import dev.portico.config.DatabaseEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A strict recogniser for rendered conditions: quoted known columns, our operator keywords,
 * parentheses, {@code ?} and {@code ESCAPE '!'}, in the shapes the renderer produces, and nothing
 * else. Written independently of the renderer so the property test does not trust it.
 */
final class RenderedSqlGrammar {
    private static final List<String> FIXED = List.of("IS NOT NULL", "IS NULL", "NOT LIKE", "NOT IN", "ESCAPE '!'",
            "LIKE", "IN", "NOT", "AND", "OR", "<>", ">=", "<=", "=", "<", ">", "?", "(", ")", ",");
    private static final Set<String> COMPARE = Set.of("=", "<>", "<", "<=", ">", ">=");

    private final List<String> tokens;
    private final Set<String> identifiers;
    private int next;
    private int placeholders;

    private RenderedSqlGrammar(List<String> tokens, Set<String> identifiers) {
        this.tokens = tokens;
        this.identifiers = identifiers;
    }

    /** Throws AssertionError unless {@code sql} is a well-formed condition over {@code columns} with {@code parameters} placeholders. */
    static void check(String sql, DatabaseEngine engine, List<String> columns, int parameters) {
        String quote = engine == DatabaseEngine.MYSQL ? "`" : "\"";
        List<String> quoted = columns.stream().map(column -> quote + column + quote).toList();
        RenderedSqlGrammar grammar = new RenderedSqlGrammar(tokenize(sql, quoted), Set.copyOf(quoted));
        grammar.condition();
        if (grammar.next != grammar.tokens.size()) {
            throw new AssertionError("Trailing tokens at " + grammar.next + " in: " + sql);
        }
        if (grammar.placeholders != parameters) {
            throw new AssertionError(grammar.placeholders + " placeholders but " + parameters + " parameters in: " + sql);
        }
    }

    private static List<String> tokenize(String sql, List<String> identifiers) {
        List<String> vocabulary = new ArrayList<>(FIXED);
        vocabulary.addAll(identifiers);
        vocabulary.sort(Comparator.comparing(String::length).reversed());
        List<String> tokens = new ArrayList<>();
        int index = 0;
        while (index < sql.length()) {
            if (sql.charAt(index) == ' ' && index > 0 && sql.charAt(index - 1) != ' ') {
                index++;
                continue;
            }
            String token = null;
            for (String candidate : vocabulary) {
                if (sql.startsWith(candidate, index)) {
                    token = candidate;
                    break;
                }
            }
            if (token == null) {
                throw new AssertionError("Unexpected text at " + index + " in: " + sql);
            }
            tokens.add(token);
            index += token.length();
        }
        return tokens;
    }

    private void condition() {
        if (accept("NOT")) {
            expect("(");
            group();
        } else if (accept("(")) {
            group();
        } else {
            comparison();
        }
    }

    /** After '(': one condition, or two or more joined by one connective, then ')'. */
    private void group() {
        condition();
        String connective = peek();
        if (connective.equals("AND") || connective.equals("OR")) {
            while (accept(connective)) {
                condition();
            }
        }
        expect(")");
    }

    private void comparison() {
        String column = take();
        if (!identifiers.contains(column)) {
            throw new AssertionError("Not a known quoted column: " + column + " at token " + (next - 1) + " of " + tokens);
        }
        String operator = take();
        if (COMPARE.contains(operator)) {
            placeholder();
        } else if (operator.equals("IN") || operator.equals("NOT IN")) {
            expect("(");
            do {
                placeholder();
            } while (accept(","));
            expect(")");
        } else if (operator.equals("LIKE") || operator.equals("NOT LIKE")) {
            placeholder();
            expect("ESCAPE '!'");
        } else if (!operator.equals("IS NULL") && !operator.equals("IS NOT NULL")) {
            throw new AssertionError("Not an operator: " + operator + " in " + tokens);
        }
    }

    private void placeholder() {
        expect("?");
        placeholders++;
    }

    private String peek() {
        return next < tokens.size() ? tokens.get(next) : "<end>";
    }

    private String take() {
        String token = peek();
        next++;
        return token;
    }

    private boolean accept(String token) {
        boolean match = peek().equals(token);
        next += match ? 1 : 0;
        return match;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw new AssertionError("Expected " + token + " but found " + peek() + " in " + tokens);
        }
    }
}
