package dev.portico.filter;

/**
 * Builds LIKE patterns for the one escape character Portico renders on every engine,
 * {@code ESCAPE '!'}: a backslash is a string escape on MySQL and has no default role on SQLite,
 * so {@code '!'} is the character that means the same in all three.
 */
final class LikePattern {
    static final String ESCAPE_CLAUSE = "ESCAPE '!'";

    private LikePattern() {
    }

    /** {@code text} matched literally: its {@code %}, {@code _} and {@code !} lose their meaning. */
    static String literal(String text) {
        StringBuilder pattern = new StringBuilder(text.length() + 8);
        for (int index = 0; index < text.length(); index++) {
            appendLiteral(pattern, text.charAt(index));
        }
        return pattern.toString();
    }

    /**
     * A client's LIKE pattern, where {@code %} and {@code _} are wildcards and a backslash makes the
     * next character literal (the PostgreSQL and MySQL default), rewritten for {@code ESCAPE '!'}.
     */
    static String fromClient(String clientPattern) {
        StringBuilder pattern = new StringBuilder(clientPattern.length() + 8);
        for (int index = 0; index < clientPattern.length(); index++) {
            char c = clientPattern.charAt(index);
            if (c == '\\' && index + 1 < clientPattern.length()) {
                appendLiteral(pattern, clientPattern.charAt(++index));
            } else if (c == '!') {
                pattern.append("!!");
            } else {
                pattern.append(c);
            }
        }
        return pattern.toString();
    }

    private static void appendLiteral(StringBuilder pattern, char c) {
        if (c == '%' || c == '_' || c == '!') {
            pattern.append('!');
        }
        pattern.append(c);
    }
}
