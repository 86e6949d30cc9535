package dev.portico.filter;

import dev.portico.filter.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits a filter into {@link Token}s; stateless and thread-safe. */
final class FilterLexer {
    private static final List<String> SYMBOLS = List.of("!=", "<>", ">=", "<=", "&&", "||", "=", ">", "<");

    private FilterLexer() {
    }

    static List<Token> tokens(String filter) {
        rejectUnsafeCharacters(filter);
        List<Token> tokens = new ArrayList<>();
        int index = 0;
        while (index < filter.length()) {
            char c = filter.charAt(index);
            int position = index + 1;
            if (Character.isWhitespace(c)) {
                index++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), position));
                index++;
            } else if (c == '\'' || c == '"' || c == '`') {
                index = quoted(filter, index, tokens);
            } else if (c == ':' || c == '{') {
                index = reference(filter, index, tokens);
            } else if (isWordCharacter(filter.codePointAt(index))) {
                int end = index;
                while (end < filter.length() && (isWordCharacter(filter.codePointAt(end)) || filter.charAt(end) == ':')) {
                    end += Character.charCount(filter.codePointAt(end));
                }
                tokens.add(new Token(Kind.WORD, filter.substring(index, end), position));
                index = end;
            } else {
                String symbol = symbolAt(filter, index);
                tokens.add(new Token(Kind.SYMBOL, symbol, position));
                index += symbol.length();
            }
        }
        tokens.add(new Token(Kind.END, "", filter.length() + 1));
        return tokens;
    }

    private static int quoted(String filter, int start, List<Token> tokens) {
        char quote = filter.charAt(start);
        StringBuilder text = new StringBuilder();
        int index = start + 1;
        while (index < filter.length()) {
            char c = filter.charAt(index);
            if (c != quote) {
                text.append(c);
                index++;
            } else if (quote != '`' && index + 1 < filter.length() && filter.charAt(index + 1) == quote) {
                text.append(quote); // a doubled quote stands for one quote character
                index += 2;
            } else {
                Kind kind = quote == '\'' ? Kind.SINGLE_QUOTED : quote == '"' ? Kind.DOUBLE_QUOTED : Kind.BACKQUOTED;
                tokens.add(new Token(kind, text.toString(), start + 1));
                return index + 1;
            }
        }
        throw FilterErrors.unparsable("A quoted " + (quote == '`' ? "field name" : "string") + " is not closed",
                filter, start + 1);
    }

    private static int reference(String filter, int start, List<Token> tokens) {
        boolean lookup = filter.charAt(start) == '{';
        int end = start + 1;
        while (end < filter.length() && isNameCharacter(filter.charAt(end), lookup)) {
            end++;
        }
        String name = filter.substring(start + 1, end);
        if (lookup && (end >= filter.length() || filter.charAt(end) != '}')) {
            throw FilterErrors.unparsable("A lookup must be a name of letters, digits, '_', '.' or '-' in braces, like {user.id},",
                    filter, start + 1);
        }
        if (name.isEmpty() || name.length() > 64) {
            throw FilterErrors.unparsable((lookup ? "A lookup" : "A parameter") + " needs a name of 1 to 64 characters",
                    filter, start + 1);
        }
        tokens.add(new Token(lookup ? Kind.LOOKUP : Kind.PARAM, name, start + 1));
        return lookup ? end + 1 : end;
    }

    private static String symbolAt(String filter, int index) {
        for (String symbol : SYMBOLS) {
            if (filter.startsWith(symbol, index)) {
                return symbol;
            }
        }
        throw FilterErrors.unparsable("The character " + FilterErrors.echo(Character.toString(filter.codePointAt(index)))
                + " is not allowed outside quotes", filter, index + 1);
    }

    private static void rejectUnsafeCharacters(String filter) {
        for (int index = 0; index < filter.length(); index++) {
            char c = filter.charAt(index);
            boolean pairedHigh = Character.isHighSurrogate(c) && index + 1 < filter.length()
                    && Character.isLowSurrogate(filter.charAt(index + 1));
            if (pairedHigh) {
                index++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                throw FilterErrors.unparsable("A NUL character or malformed unicode is not allowed", filter, index + 1);
            }
        }
    }

    static boolean isWordCharacter(int codePoint) {
        return Character.isLetterOrDigit(codePoint) || "_.@+-/%".indexOf(codePoint) >= 0;
    }

    private static boolean isNameCharacter(char c, boolean lookup) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || (lookup && (c == '.' || c == '-'));
    }
}
