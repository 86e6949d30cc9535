package dev.portico.filter;

import dev.portico.filter.Token.Kind;
import java.util.Locale;

/** Reads one comparison operator, symbol or case-insensitive words, for {@link FilterParser}. */
final class OperatorReader {
    private OperatorReader() {
    }

    static Operator read(FilterParser parser, String field) {
        Token token = parser.take();
        Operator operator = token.kind() == Kind.SYMBOL ? symbol(token.text()) : word(parser, token);
        if (operator == null) {
            throw parser.unexpected(token, "Expected a comparison operator after the field " + FilterErrors.echo(field));
        }
        return operator;
    }

    private static Operator symbol(String symbol) {
        return switch (symbol) {
            case "=" -> Operator.EQ;
            case "!=", "<>" -> Operator.NE;
            case ">" -> Operator.GT;
            case ">=" -> Operator.GTE;
            case "<" -> Operator.LT;
            case "<=" -> Operator.LTE;
            default -> null;
        };
    }

    private static Operator word(FilterParser parser, Token token) {
        if (token.kind() != Kind.WORD) {
            return null;
        }
        return switch (token.text().toUpperCase(Locale.ROOT)) {
            case "EQ" -> Operator.EQ;
            case "NE" -> Operator.NE;
            case "GT" -> Operator.GT;
            case "GTE" -> Operator.GTE;
            case "LT" -> Operator.LT;
            case "LTE" -> Operator.LTE;
            case "IS" -> nullTest(parser);
            case "NOT" -> negated(parser);
            default -> negatable(parser, token);
        };
    }

    private static Operator nullTest(FilterParser parser) {
        boolean not = parser.peek().isWord("NOT");
        if (not) {
            parser.take();
        }
        Token token = parser.take();
        if (!token.isWord("NULL")) {
            throw parser.unexpected(token, "Expected NULL after IS" + (not ? " NOT" : ""));
        }
        return not ? Operator.IS_NOT_NULL : Operator.IS_NULL;
    }

    private static Operator negated(FilterParser parser) {
        Token token = parser.take();
        Operator operator = negatable(parser, token);
        if (operator == null) {
            throw parser.unexpected(token, "NOT here must be followed by IN, LIKE, CONTAINS, STARTS WITH or ENDS WITH");
        }
        return operator.negated();
    }

    /** IN, LIKE, CONTAINS, STARTS WITH, ENDS WITH: the word operators NOT may precede. */
    private static Operator negatable(FilterParser parser, Token token) {
        if (token.kind() != Kind.WORD) {
            return null;
        }
        String word = token.text().toUpperCase(Locale.ROOT);
        if (word.equals("STARTS") || word.equals("ENDS")) {
            Token with = parser.take();
            if (!with.isWord("WITH")) {
                throw parser.unexpected(with, "Expected WITH after " + word);
            }
            return word.equals("STARTS") ? Operator.STARTS_WITH : Operator.ENDS_WITH;
        }
        return switch (word) {
            case "IN" -> Operator.IN;
            case "LIKE" -> Operator.LIKE;
            case "CONTAINS" -> Operator.CONTAINS;
            default -> null;
        };
    }
}
