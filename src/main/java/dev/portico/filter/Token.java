package dev.portico.filter;

import java.util.Objects;

/** One lexical token of a filter, with its 1-based position in the filter text. */
record Token(Kind kind, String text, int position) {
    enum Kind {
        OPEN, CLOSE, COMMA,
        /** {@code = != <> >= <= > < && ||} */
        SYMBOL,
        /** A bare run of letters, digits and {@code _ . @ + - : / %}. */
        WORD,
        /** {@code '…'}: always a text value. */
        SINGLE_QUOTED,
        /** {@code "…"}: a field name in field position, a text value elsewhere. */
        DOUBLE_QUOTED,
        /** {@code `…`}: a field name. */
        BACKQUOTED,
        /** {@code :name}; the text is the name. */
        PARAM,
        /** {@code {name}}; the text is the name. */
        LOOKUP,
        END
    }

    Token {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (position < 1) {
            throw new IllegalArgumentException("Positions start at 1, got " + position);
        }
    }

    /** A bare word equal to {@code word}, ignoring case. */
    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}
