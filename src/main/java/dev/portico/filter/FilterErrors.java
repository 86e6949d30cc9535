package dev.portico.filter;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;

/**
 * The 400 errors of the filter package, in DreamFactory's wording plus a reason. Every piece of
 * client input a message repeats is cut short and stripped of control characters, so a message
 * never echoes more than 80 characters of input; parameter and lookup values are never echoed.
 */
final class FilterErrors {
    static final String INVALID = "Invalid or unparsable filter request.";
    static final String LIST_NEEDS_PARENTHESES = "Filter value lists must be wrapped in parentheses.";
    private static final int EXCERPT = 30;
    private static final int ECHO = 40;

    private FilterErrors() {
    }

    /** The filter cannot be read: the reason, the 1-based position and a short excerpt from there. */
    static PorticoException unparsable(String reason, String filter, int position) {
        String near = filter.substring(Math.min(position - 1, filter.length()));
        String where = near.isEmpty() ? " at the end of the filter" : " at position " + position + " (near " + echo(near, EXCERPT) + ")";
        return badRequest(INVALID + " " + reason + where + ".");
    }

    /** A filter that names a column the table does not have. */
    static PorticoException unknownField(String name) {
        return badRequest("Invalid or unparsable field in filter request: " + echo(name, ECHO));
    }

    /** A filter that is well-formed but cannot be applied, with a complete sentence saying why. */
    static PorticoException invalid(String sentence) {
        return badRequest(INVALID + " " + sentence);
    }

    static PorticoException badRequest(String message) {
        return new PorticoException(ErrorCode.BAD_REQUEST, message);
    }

    /** Client input as it may appear in a message: quoted, at most {@code limit} characters, printable. */
    static String echo(String input, int limit) {
        StringBuilder shown = new StringBuilder("'");
        int count = 0;
        for (int index = 0; index < input.length() && count < limit; count++) {
            int codePoint = input.codePointAt(index);
            boolean printable = !Character.isISOControl(codePoint) && Character.isDefined(codePoint)
                    && Character.getType(codePoint) != Character.SURROGATE;
            shown.appendCodePoint(printable ? codePoint : '?');
            index += Character.charCount(codePoint);
        }
        return shown.append(count < input.codePointCount(0, input.length()) ? "…'" : "'").toString();
    }

    /** A short echo of a literal value for messages. */
    static String echo(String input) {
        return echo(input, ECHO);
    }
}
